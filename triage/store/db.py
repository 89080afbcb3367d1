"""Database URLs, engines, sessions and schema migrations of the review store.

The URL comes from, in order: an explicit argument (``--db``), the
``TRIAGE_DB_URL`` environment variable, or the default SQLite file
``./triage.db`` in the working folder. A plain file path is accepted as an
SQLite database; ``postgresql://`` URLs use the psycopg 3 driver.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DB_URL = "sqlite:///triage.db"
ENV_VAR = "TRIAGE_DB_URL"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_engines: dict[str, Engine] = {}
_upgraded: set[str] = set()
_lock = threading.Lock()


def resolve_url(url: str | None = None) -> str:
    """The database URL to use (argument, then ``TRIAGE_DB_URL``, then ``./triage.db``).

    Args:
        url: An SQLAlchemy URL, a ``postgresql://`` URL, a file path, or None.

    Returns:
        A normalised SQLAlchemy URL string.
    """
    raw = url or os.environ.get(ENV_VAR) or DEFAULT_DB_URL
    if "://" not in raw:
        return f"sqlite:///{raw}"
    for prefix in ("postgresql://", "postgres://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA cache_size=-65536")  # 64 MiB page cache per connection
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def get_engine(url: str | None = None) -> Engine:
    """A process-wide engine for the URL (created once)."""
    resolved = resolve_url(url)
    with _lock:
        engine = _engines.get(resolved)
        if engine is None:
            if resolved.startswith("sqlite"):
                engine = create_engine(resolved, connect_args={"check_same_thread": False})
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(resolved, pool_pre_ping=True)
            _engines[resolved] = engine
        return engine


def dispose_engine(url: str | None = None) -> None:
    """Close and forget the engine of a URL (tests, dropped databases)."""
    resolved = resolve_url(url)
    with _lock:
        engine = _engines.pop(resolved, None)
        _upgraded.discard(resolved)
    if engine is not None:
        engine.dispose()


def session_factory(url: str | None = None) -> sessionmaker[Session]:
    """A session factory bound to the URL's engine (objects stay usable after commit)."""
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = session_factory(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(url: str | None = None):  # type: ignore[no-untyped-def]
    """An Alembic ``Config`` pointing at the migrations shipped in the package."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", resolve_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str | None = None, revision: str = "head") -> str:
    """Bring the database schema to ``revision`` (creates an SQLite file if needed).

    Returns:
        The resolved URL.
    """
    from alembic import command

    resolved = resolve_url(url)
    if resolved.startswith("sqlite:///"):
        path = make_url(resolved).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    cfg = alembic_config(resolved)
    with get_engine(resolved).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    _upgraded.add(resolved)
    return resolved


def downgrade(url: str | None = None, revision: str = "base") -> str:
    """Take the schema back to ``revision`` (``base`` drops every store table)."""
    from alembic import command

    resolved = resolve_url(url)
    cfg = alembic_config(resolved)
    with get_engine(resolved).begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    _upgraded.discard(resolved)
    return resolved


def current_revision(url: str | None = None) -> str | None:
    """The schema revision the database is at (None when never migrated)."""
    from alembic.runtime.migration import MigrationContext

    with get_engine(url).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def ensure_schema(url: str | None = None) -> str:
    """Upgrade the schema once per process for this URL; returns the resolved URL."""
    resolved = resolve_url(url)
    if resolved not in _upgraded:
        upgrade(resolved)
    return resolved


def refresh_statistics(url: str | None = None) -> None:
    """Update the planner's statistics after a large write (SQLite: sampled ``ANALYZE``).

    Without statistics SQLite prefers the primary key over the queue's covering
    index; PostgreSQL's autovacuum keeps its own statistics.
    """
    resolved = resolve_url(url)
    if not resolved.startswith("sqlite"):
        return
    with get_engine(resolved).begin() as conn:
        conn.exec_driver_sql("PRAGMA analysis_limit=2000")
        conn.exec_driver_sql("ANALYZE")


def has_schema(url: str | None = None) -> bool:
    """Whether the store's tables exist at the URL."""
    return inspect(get_engine(url)).has_table("interactions")
