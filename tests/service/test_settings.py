"""Service settings and the ``triage serve`` safety checks (no server started)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from pydantic import ValidationError

from triage.cli.serve import is_loopback
from triage.service.settings import DEV_SECRET_KEY, Settings


def test_settings_read_from_environment(monkeypatch):
    monkeypatch.setenv("TRIAGE_API_TOKEN", "abc")
    monkeypatch.setenv("TRIAGE_DB_URL", "sqlite:///x.db")
    monkeypatch.setenv("TRIAGE_MAX_MESSAGE_CHARS", "300")
    s = Settings()
    assert s.api_token is not None and s.api_token.get_secret_value() == "abc"
    assert s.db_url == "sqlite:///x.db" and s.max_message_chars == 300
    assert "abc" not in repr(s)  # secrets are masked


def test_settings_empty_token_means_unset(monkeypatch):
    monkeypatch.setenv("TRIAGE_API_TOKEN", "")
    assert Settings().api_token is None


def test_settings_refuse_default_secret_outside_development():
    with pytest.raises(ValidationError, match="TRIAGE_SECRET_KEY"):
        Settings(env="production")
    with pytest.raises(ValidationError, match="at least 16"):
        Settings(env="production", secret_key="s" * 32, api_token="short")
    ok = Settings(env="production", secret_key="s" * 32, api_token="t" * 20)
    assert ok.secret_key.get_secret_value() != DEV_SECRET_KEY
    assert Settings(env="development").secret_key.get_secret_value() == DEV_SECRET_KEY


@pytest.mark.parametrize(
    "host,loop",
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.com", False),
        ("::", False),
    ],
)
def test_serve_is_loopback(host, loop):
    assert is_loopback(host) is loop


def _serve(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TRIAGE_")}
    return subprocess.run(
        [sys.executable, "-m", "triage", "serve", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_serve_refuses_public_host_without_token():
    r = _serve("--host", "0.0.0.0", "--port", "1")
    assert r.returncode == 2 and "TRIAGE_API_TOKEN" in r.stderr


def test_serve_refuses_default_secret_in_production():
    r = _serve("--port", "1", TRIAGE_ENV="production")
    assert r.returncode == 2 and "TRIAGE_SECRET_KEY" in r.stderr
