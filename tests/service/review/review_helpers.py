"""Helpers shared by the review app tests (users, sign-in, CSRF tokens)."""

from __future__ import annotations

import re

USERS = [
    ("rev1", "reviewer", "reviewer-pass-1", None),
    ("rev2", "reviewer", "reviewer-pass-2", None),
    ("sup1", "supervisor", "supervisor-pass-1", None),
    ("adm1", "admin", "admin-pass-123", None),
    ("agent1023", "agent", "agent-pass-123", "A1023"),
    ("agent2001", "agent", "agent-pass-123", "A2001"),
]
PASSWORDS = {name: pw for name, _, pw, _ in USERS}


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
