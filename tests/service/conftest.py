"""A real ``triage serve`` process on a free loopback port, shared by the service tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
TOKEN = "test-token-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(tmp_path_factory, *extra: str) -> Iterator[str]:
    """Run ``triage serve [extra…]`` until the session ends; yields its base URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "server.log"
    env = {
        **os.environ,
        "TRIAGE_API_TOKEN": TOKEN,
        "TRIAGE_MAX_MESSAGE_CHARS": "500",
        "TRIAGE_MAX_MESSAGE_BYTES": "8192",
    }
    cmd = [sys.executable, "-m", "triage", "serve", "--host", "127.0.0.1", "--port", str(port)]
    cmd += list(extra)
    with open(log, "wb") as fh:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=fh, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 420  # model loading on a busy 2-core machine
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"triage serve exited with {proc.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"triage serve did not become healthy:\n{log.read_text()}")
            time.sleep(0.25)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    """Base URL of a server running the default pipeline, with a bearer token set."""
    yield from _serve(tmp_path_factory)


@pytest.fixture(scope="session")
def pool_server(tmp_path_factory) -> Iterator[str]:
    """The same server with two scoring processes (``--workers 2``)."""
    yield from _serve(tmp_path_factory, "--workers", "2")


@pytest.fixture(scope="session")
def api_token() -> str:
    """The bearer token the test server requires."""
    return TOKEN


@pytest.fixture()
def client(server) -> Iterator[httpx.Client]:
    """An HTTP client with the bearer token."""
    with httpx.Client(
        base_url=server, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60
    ) as c:
        yield c
