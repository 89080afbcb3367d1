"""Users of the review app: creation, argon2 password hashes, authentication."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage.store.models import ROLES, User

_hasher = PasswordHasher()
_USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
MIN_PASSWORD = 8
# A hash to verify against when the user does not exist, so that both failures
# take the same time (no user enumeration by timing).
_DUMMY_HASH = _hasher.hash("not-a-real-password")


class UserError(ValueError):
    """A user cannot be created or changed (message is safe to show)."""


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def create_user(
    session: Session,
    username: str,
    role: str,
    password: str,
    *,
    agent_id: str | None = None,
) -> User:
    """Add a user (or reset an existing user's role and password).

    Args:
        session: Open session (the caller commits).
        username: Letters, digits, ``_ . -``; 1-64 characters.
        role: ``reviewer``, ``supervisor``, ``agent`` or ``admin``.
        password: At least :data:`MIN_PASSWORD` characters.
        agent_id: For agents: the ``agent.id`` their interactions carry
            (defaults to the user name).

    Raises:
        UserError: invalid name, role or password.
    """
    if not _USERNAME.match(username or ""):
        raise UserError("user name must be 1-64 letters, digits, '_', '.' or '-'")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if len(password or "") < MIN_PASSWORD:
        raise UserError(f"password must have at least {MIN_PASSWORD} characters")
    if role == "agent" and not agent_id:
        agent_id = username
    user = get_user_by_name(session, username)
    if user is None:
        user = User(
            username=username,
            role=role,
            password_hash=hash_password(password),
            agent_id=agent_id,
            active=True,
        )
        session.add(user)
    else:
        user.role = role
        user.password_hash = hash_password(password)
        user.agent_id = agent_id
        user.active = True
    session.flush()
    return user


def get_user_by_name(session: Session, username: str) -> User | None:
    """The user with this name (case-insensitive), or None."""
    return session.scalar(select(User).where(func.lower(User.username) == username.lower()))


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user when the password matches, else None (same cost either way)."""
    user = get_user_by_name(session, username) if username else None
    stored = user.password_hash if user is not None and user.active else _DUMMY_HASH
    try:
        ok = _hasher.verify(stored, password or "")
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def list_users(session: Session) -> list[User]:
    """Every user, by name."""
    return list(session.scalars(select(User).order_by(User.username)))
