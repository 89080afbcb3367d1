"""Browser fixtures: the review app served by uvicorn and Debian's chromium via Playwright.

No browser is ever downloaded: Playwright launches ``/usr/bin/chromium``
(``make system-deps`` installs it) through ``executable_path``.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RECORDS = REPO / "tests" / "store" / "scored_records.jsonl"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
USERS = [
    ("rev1", "reviewer", "reviewer-pass-1", None),
    ("sup1", "supervisor", "supervisor-pass-1", None),
    ("agent1023", "agent", "agent-pass-123", "A1023"),
]
PASSWORDS = {name: pw for name, _, pw, _ in USERS}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def live_server(tmp_path_factory) -> Iterator[str]:
    """Base URL of the real app (``create_app``) on a fresh store, served by uvicorn.

    The pipeline lifespan is off (the review pages need no model).
    """
    import uvicorn

    from triage.service.main import create_app
    from triage.service.settings import Settings
    from triage.store.db import dispose_engine, session_scope
    from triage.store.ingest import ingest_records
    from triage.store.users import create_user

    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'review.db'}"
    with open(RECORDS, encoding="utf-8") as fh:
        ingest_records(url, [json.loads(line) for line in fh if line.strip()])
    with session_scope(url) as s:
        for name, role, pw, agent_id in USERS:
            create_user(s, name, role, pw, agent_id=agent_id)
    port = _free_port()
    config = uvicorn.Config(
        create_app(Settings(db_url=url)),
        host="127.0.0.1",
        port=port,
        lifespan="off",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        dispose_engine(url)


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (headless)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (run `make system-deps`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def passwords() -> dict[str, str]:
    """Passwords of the browser test users."""
    return dict(PASSWORDS)


@pytest.fixture
def artifacts() -> Path:
    """``test-artifacts/`` (gitignored): screenshots worth looking at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
