"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL server.

The PostgreSQL server is Debian's ``postgresql`` (``make system-deps`` installs
it): a throw-away cluster is created with ``initdb`` in a temporary folder and
started with ``pg_ctl`` on a free local port for the test session (as the
``postgres`` system user when the tests run as root, since PostgreSQL refuses
to run as root). Set ``TRIAGE_TEST_PG_URL`` to use an existing server instead.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
RECORDS_FILE = HERE / "scored_records.jsonl"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class _PgCluster:
    """A temporary PostgreSQL cluster started for the test session."""

    def __init__(self) -> None:
        self.bin = _pg_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="triage-pg-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "triage",
            "-E",
            "UTF8",
            "--no-locale",
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "server.log"),
            "-w",
            "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start",
        )
        return f"postgresql+psycopg://triage@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """URL of the maintenance database of a running PostgreSQL server."""
    env = os.environ.get("TRIAGE_TEST_PG_URL")
    if env:
        yield env
        return
    if _pg_bin() is None:
        pytest.skip("PostgreSQL is not installed (run `make system-deps`)")
    cluster = _PgCluster()
    try:
        url = cluster.start()
    except subprocess.CalledProcessError as exc:
        cluster.stop()
        raise RuntimeError(f"could not start PostgreSQL: {exc.stderr!r}") from exc
    try:
        yield url
    finally:
        cluster.stop()


def _new_pg_database(admin_url: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(admin_url)
    name = f"t_{uuid.uuid4().hex[:12]}"
    conninfo = u.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return u.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database: SQLite file or a new PostgreSQL database."""
    from triage.store.db import dispose_engine, upgrade

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'triage.db'}"
    else:
        url = _new_pg_database(request.getfixturevalue("pg_admin_url"))
    upgrade(url)
    yield url
    dispose_engine(url)


@pytest.fixture(scope="session")
def scored_records() -> list[dict]:
    """Hand-written SPEC §3 output records (placeholders only, no real PII)."""
    with open(RECORDS_FILE, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
