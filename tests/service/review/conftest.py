"""Review app fixtures: the real ``create_app`` with a fresh SQLite store per test.

The pipeline lifespan is not entered (``TestClient`` without ``with``), so no
model is loaded; the review routes open the store themselves.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from review_helpers import PASSWORDS, USERS, login

REPO = Path(__file__).resolve().parents[3]
RECORDS = REPO / "tests" / "store" / "scored_records.jsonl"


@pytest.fixture(scope="session")
def password_hashes():
    """argon2 hashes computed once (hashing is deliberately slow)."""
    from triage.store.users import hash_password

    return {name: hash_password(pw) for name, _, pw, _ in USERS}


@pytest.fixture
def scored():
    """The hand-written scored records."""
    return [json.loads(line) for line in RECORDS.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def template_db(tmp_path_factory, password_hashes) -> Path:
    """A migrated SQLite store with the records ingested and the test users, built once."""
    from triage.store.db import dispose_engine, session_scope
    from triage.store.ingest import ingest_records
    from triage.store.models import User

    path = tmp_path_factory.mktemp("review-template") / "review.db"
    url = f"sqlite:///{path}"
    scored = [json.loads(line) for line in RECORDS.read_text(encoding="utf-8").splitlines()]
    ingest_records(url, scored)
    with session_scope(url) as s:
        for name, role, _, agent_id in USERS:
            s.add(
                User(
                    username=name, role=role, password_hash=password_hashes[name], agent_id=agent_id
                )
            )
    dispose_engine(url)  # closes the connections: the WAL is checkpointed into the file
    return path


@pytest.fixture
def store_url(tmp_path, template_db):
    """A private copy of the template store for one test."""
    from triage.store.db import dispose_engine

    target = tmp_path / "review.db"
    shutil.copyfile(template_db, target)
    url = f"sqlite:///{target}"
    yield url
    dispose_engine(url)


@pytest.fixture
def app(store_url):
    """The service app (``create_app``) pointed at the test store."""
    from triage.service.main import create_app
    from triage.service.settings import Settings

    return create_app(Settings(db_url=store_url))


@pytest.fixture
def client_for(app):
    """``client_for(username)``: a TestClient signed in through the login form."""
    from fastapi.testclient import TestClient

    def make(username: str | None = None) -> TestClient:
        client = TestClient(app, base_url="http://testserver")
        if username is not None:
            login(client, username, PASSWORDS[username])
        return client

    return make
