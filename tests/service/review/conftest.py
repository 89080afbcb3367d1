"""Review app fixtures: the real ``create_app`` with a fresh SQLite store per test.

The pipeline lifespan is not entered (``TestClient`` without ``with``), so no
model is loaded; the review routes open the store themselves.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
RECORDS = REPO / "tests" / "store" / "scored_records.jsonl"
USERS = [
    ("rev1", "reviewer", "reviewer-pass-1", None),
    ("rev2", "reviewer", "reviewer-pass-2", None),
    ("sup1", "supervisor", "supervisor-pass-1", None),
    ("adm1", "admin", "admin-pass-123", None),
    ("agent1023", "agent", "agent-pass-123", "A1023"),
    ("agent2001", "agent", "agent-pass-123", "A2001"),
]
PASSWORDS = {name: pw for name, _, pw, _ in USERS}


@pytest.fixture(scope="session")
def password_hashes():
    """argon2 hashes computed once (hashing is deliberately slow)."""
    from triage.store.users import hash_password

    return {name: hash_password(pw) for name, _, pw, _ in USERS}


@pytest.fixture
def scored():
    """The hand-written scored records."""
    return [json.loads(line) for line in RECORDS.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def store_url(tmp_path, scored, password_hashes):
    """A migrated SQLite store with the records ingested and the test users."""
    from triage.store.db import dispose_engine, session_scope
    from triage.store.ingest import ingest_records
    from triage.store.models import User

    url = f"sqlite:///{tmp_path / 'review.db'}"
    ingest_records(url, scored)
    with session_scope(url) as s:
        for name, role, _, agent_id in USERS:
            s.add(
                User(
                    username=name, role=role, password_hash=password_hashes[name], agent_id=agent_id
                )
            )
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


def csrf_of(html: str) -> str:
    """The first CSRF token of a page."""
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "page has no CSRF token"
    return m.group(1)


def login(client, username: str, password: str, expect: int = 303):
    """Sign in through the form; returns the response."""
    page = client.get("/login")
    r = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert r.status_code == expect, r.text[:300]
    return r
