"""Annotated dependencies shared by the routers.

They are ``async def``: FastAPI runs a plain ``def`` dependency in a worker
thread, a thread hop per dependency per request for a few attribute reads.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from triage.hook import ChatHook
from triage.service.errors import AUTH_REQUIRED
from triage.service.metrics import Metrics
from triage.service.settings import Settings

_bearer = HTTPBearer(auto_error=False, description="TRIAGE_API_TOKEN, when the server sets one")


async def get_settings(request: Request) -> Settings:
    """The app's settings."""
    return request.app.state.settings


async def get_hook(request: Request) -> ChatHook:
    """The chat hook (pipeline loaded once at start-up), or the pool of scoring processes."""
    return request.app.state.hook


async def get_metrics(request: Request) -> Metrics:
    """The app's metrics."""
    return request.app.state.metrics


async def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Checks the bearer token when ``TRIAGE_API_TOKEN`` is set (constant-time compare)."""
    token = request.app.state.settings.api_token
    if token is None:
        return
    given = credentials.credentials if credentials is not None else ""
    if not secrets.compare_digest(given.encode(), token.get_secret_value().encode()):
        raise HTTPException(
            401, {"error": AUTH_REQUIRED, "detail": "missing or wrong bearer token"}
        )


SettingsDep = Annotated[Settings, Depends(get_settings)]
HookDep = Annotated[ChatHook, Depends(get_hook)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
TokenDep = Depends(require_token)
