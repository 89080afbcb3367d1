"""Service settings from the environment (``TRIAGE_*``), after the FastAPI template.

Secrets and behaviour are separate fields; no secret has a usable default
outside development: with ``TRIAGE_ENV=production`` the app refuses to start
while ``TRIAGE_SECRET_KEY`` is the development default or ``TRIAGE_API_TOKEN``
is short.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET_KEY = "dev-only-insecure-secret-key"
MIN_TOKEN_CHARS = 16


class Settings(BaseSettings):
    """Everything the service reads from the environment.

    Attributes:
        env: ``development`` (defaults allowed) or ``production``.
        api_token: Bearer token required on ``/v1/*`` and ``/metrics`` when set.
        secret_key: Signs session cookies (review web app).
        db_url: Review store URL (``triage serve --db``); None: no store.
        pipeline: Pipeline YAML (default ``pipelines/default.yaml``).
        max_message_chars: Longest chat message accepted.
        max_message_bytes: Largest request body on ``/v1/chats``.
        max_body_bytes: Largest request body elsewhere (``/v1/score``).
        max_chats: Live chats kept at once (least recently used evicted).
        chat_ttl_s: Seconds after which an idle chat is dropped.
        chat_max_turns: Turns kept per live chat.
        threads: Worker threads that wait on the scoring processes (``workers`` > 1);
            the in-process hook runs in one dedicated thread.
        fast_path: Answer well-formed chat messages without FastAPI's routing and
            dependencies (:mod:`triage.service.fastpath`; same answers). Off: every
            request goes through FastAPI.
        workers: Scoring processes (``triage serve --workers``); 1: the pipeline
            runs in the server process. More: each chat's messages go to the
            process owning it (:mod:`triage.service.pool`).
    """

    model_config = SettingsConfigDict(env_prefix="TRIAGE_", extra="ignore")

    env: Literal["development", "production"] = "development"
    api_token: SecretStr | None = None
    secret_key: SecretStr = SecretStr(DEV_SECRET_KEY)
    db_url: str | None = None
    pipeline: Path | None = None
    max_message_chars: int = Field(2000, ge=1, le=100_000)
    max_message_bytes: int = Field(65_536, ge=1024)
    max_body_bytes: int = Field(2_000_000, ge=1024)
    max_chats: int = Field(10_000, ge=1)
    chat_ttl_s: float = Field(1800.0, gt=0)
    chat_max_turns: int = Field(200, ge=1)
    threads: int = Field(4, ge=1, le=64)
    workers: int = Field(1, ge=1, le=64)
    fast_path: bool = True

    @model_validator(mode="after")
    def _no_default_secrets(self) -> Settings:
        if self.api_token is not None and not self.api_token.get_secret_value().strip():
            self.api_token = None  # TRIAGE_API_TOKEN= (empty) means "not set"
        if self.env == "development":
            return self
        if self.secret_key.get_secret_value() == DEV_SECRET_KEY:
            raise ValueError(
                "TRIAGE_SECRET_KEY is the development default; set a random value outside "
                "development (e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')"
            )
        if self.api_token is not None and len(self.api_token.get_secret_value()) < MIN_TOKEN_CHARS:
            raise ValueError(f"TRIAGE_API_TOKEN must have at least {MIN_TOKEN_CHARS} characters")
        return self
