"""Dependencies of the review routes: the store session and the signed-in user."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from triage.service.review.security import ReviewHTTPError, check_csrf, is_api, load_session
from triage.store.db import ensure_schema, resolve_url, session_factory
from triage.store.models import User, WebSession


def db_url(request: Request) -> str:
    """The store URL: ``settings.db_url`` (``--db`` / ``TRIAGE_DB_URL``), else ``./triage.db``."""
    settings = getattr(request.app.state, "settings", None)
    return resolve_url(getattr(settings, "db_url", None))


def get_db(request: Request) -> Iterator[Session]:
    """A store session for one request (handlers commit what they change)."""
    url = ensure_schema(db_url(request))
    session = session_factory(url)()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


DbDep = Annotated[Session, Depends(get_db)]


@dataclass
class Auth:
    """The signed-in user and their web session."""

    user: User
    web: WebSession

    @property
    def csrf(self) -> str:
        """The session's CSRF token (put in every form)."""
        return self.web.csrf_token


def optional_auth(request: Request, db: DbDep) -> Auth | None:
    """The signed-in user, or None."""
    web = load_session(db, request)
    return Auth(web.user, web) if web is not None else None


def require(*roles: str) -> Callable[..., Auth]:
    """A dependency that admits signed-in users with one of ``roles``.

    Not signed in: redirect to ``/login`` (pages) or 401 (API). Wrong role: 403.
    API writes (POST/PUT/DELETE) must also carry a matching ``X-CSRF-Token``.
    """

    def dependency(request: Request, auth: Annotated[Auth | None, Depends(optional_auth)]) -> Auth:
        if auth is None:
            raise ReviewHTTPError(401, "请先登录", redirect="/login")
        if auth.user.role not in roles:
            raise ReviewHTTPError(403, "无权访问此页面")
        if is_api(request) and request.method not in ("GET", "HEAD", "OPTIONS"):
            check_csrf(auth.csrf, request.headers.get("x-csrf-token"))
        return auth

    return dependency


REVIEWERS = ("reviewer", "supervisor")
SUPERVISORS = ("supervisor",)
SETTINGS_ROLES = ("supervisor", "admin")
AUDIT_ROLES = ("supervisor", "admin")
DETAIL_ROLES = ("reviewer", "supervisor", "agent")
AGENTS = ("agent",)
