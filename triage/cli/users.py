"""``triage users``: add review-app users (argon2 password hashes)."""

from __future__ import annotations

import argparse
import getpass
import sys

from triage.cli.db import add_db_option
from triage.errors import UsageError
from triage.store.models import ROLES


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UsageError("no terminal to ask for the password: use --password-stdin")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise UsageError("the passwords differ")
    return first


def _add(args: argparse.Namespace) -> int:
    from triage.store.audit import log_event
    from triage.store.db import ensure_schema, session_scope
    from triage.store.users import UserError, create_user

    password = _read_password(args)
    url = ensure_schema(args.db)
    try:
        with session_scope(url) as session:
            user = create_user(session, args.name, args.role, password, agent_id=args.agent_id)
            log_event(session, None, "user_add", "user", str(user.id), role=user.role)
            print(f"user {user.username} ({user.role}) saved")
    except UserError as exc:
        raise UsageError(str(exc)) from exc
    return 0


def _list(args: argparse.Namespace) -> int:
    from triage.store.db import ensure_schema, session_scope
    from triage.store.users import list_users

    with session_scope(ensure_schema(args.db)) as session:
        for u in list_users(session):
            extra = f" agent_id={u.agent_id}" if u.agent_id else ""
            print(f"{u.username}\t{u.role}{extra}{'' if u.active else ' (inactive)'}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``triage users add`` and ``triage users list``."""
    parser = subparsers.add_parser("users", help="review app users")
    sub = parser.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add a user (or reset the role and password of one)")
    add.add_argument("name", help="user name (letters, digits, _ . -)")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument(
        "--agent-id",
        default=None,
        help="for agents: the agent.id on their interactions (default: NAME)",
    )
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    add_db_option(add)
    add.set_defaults(func=_add)
    ls = sub.add_parser("list", help="list users and roles")
    add_db_option(ls)
    ls.set_defaults(func=_list)
