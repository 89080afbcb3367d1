"""Schema migrations and URL handling of the review store."""

from __future__ import annotations

from sqlalchemy import inspect

from triage.store.db import current_revision, downgrade, get_engine, resolve_url, upgrade


def test_db_resolve_url_defaults_and_paths(monkeypatch):
    monkeypatch.delenv("TRIAGE_DB_URL", raising=False)
    assert resolve_url(None) == "sqlite:///triage.db"
    assert resolve_url("out/x.db") == "sqlite:///out/x.db"
    assert resolve_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    monkeypatch.setenv("TRIAGE_DB_URL", "sqlite:////tmp/env.db")
    assert resolve_url(None) == "sqlite:////tmp/env.db"
    assert resolve_url("sqlite:///given.db") == "sqlite:///given.db"


def test_db_upgrade_creates_every_table_and_is_idempotent(db_url):
    tables = set(inspect(get_engine(db_url)).get_table_names())
    for name in (
        "interactions",
        "checks",
        "review_items",
        "verdicts",
        "verdict_checks",
        "appeals",
        "users",
        "audit_log",
        "settings",
        "web_sessions",
        "login_throttle",
    ):
        assert name in tables
    assert current_revision(db_url) == "0002"
    upgrade(db_url)  # second run is a no-op
    assert current_revision(db_url) == "0002"


def test_db_upgrade_and_downgrade_roundtrip(db_url):
    downgrade(db_url, "base")
    assert "interactions" not in inspect(get_engine(db_url)).get_table_names()
    upgrade(db_url)
    assert "interactions" in inspect(get_engine(db_url)).get_table_names()


def test_db_cli_upgrade_creates_sqlite_file(tmp_path):
    from triage.cli import main

    target = tmp_path / "sub" / "store.db"
    assert main(["db", "upgrade", "--db", str(target)]) == 0
    assert target.exists()
    assert current_revision(f"sqlite:///{target}") == "0002"
