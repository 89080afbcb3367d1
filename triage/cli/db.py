"""``triage db``: create or upgrade the review store's schema."""

from __future__ import annotations

import argparse

from triage.store.db import current_revision, safe_url, upgrade


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """Add the shared ``--db URL`` option (default: ``TRIAGE_DB_URL`` or ``./triage.db``)."""
    parser.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="database URL or SQLite file (default: $TRIAGE_DB_URL, else ./triage.db)",
    )


def _upgrade(args: argparse.Namespace) -> int:
    url = upgrade(args.db, args.revision)
    print(f"database {safe_url(url)} at revision {current_revision(url)}")
    return 0


def _current(args: argparse.Namespace) -> int:
    from triage.store.db import resolve_url

    print(current_revision(resolve_url(args.db)) or "(empty)")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``triage db upgrade`` and ``triage db current``."""
    parser = subparsers.add_parser("db", help="review store schema (Alembic migrations)")
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = sub.add_parser("upgrade", help="create or upgrade the schema to the latest revision")
    add_db_option(up)
    up.add_argument("--revision", default="head", help="target revision (default: head)")
    up.set_defaults(func=_upgrade)
    cur = sub.add_parser("current", help="print the schema revision of the database")
    add_db_option(cur)
    cur.set_defaults(func=_current)
