"""Pure ASGI middleware (no per-request task overhead): body size limit and latency metrics."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from triage.service.errors import BODY_TOO_LARGE
from triage.service.metrics import Metrics


class _TooLarge(HTTPException):
    """Raised from ``receive``: FastAPI re-raises HTTP exceptions from body reading."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            {"error": BODY_TOO_LARGE, "detail": f"request body over the limit of {limit} bytes"},
        )


class BodyLimitMiddleware:
    """Answers 413 when a request body is over the limit for its path.

    Checks ``Content-Length`` first and counts streamed (chunked) bodies too, so
    an oversized body is never read whole into memory.

    Args:
        app: The wrapped app.
        limit_for: Path → largest body in bytes.
        metrics: Where to count the 413 answers.
    """

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int], metrics: Metrics) -> None:
        self.app = app
        self.limit_for = limit_for
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    if int(value) > limit:
                        await self._reject(send, limit)
                        return
                except ValueError:
                    pass
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._reject(send, limit)

    async def _reject(self, send: Send, limit: int) -> None:
        self.metrics.error(413, BODY_TOO_LARGE)
        body = json.dumps(
            {"error": BODY_TOO_LARGE, "detail": f"request body over the limit of {limit} bytes"}
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class MetricsMiddleware:
    """Observes every HTTP request's latency, labelled by the matched path template."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route: Any = scope.get("route")
            # The template (/v1/chats/{chat_id}/messages), never the raw path: bounded labels.
            label = getattr(route, "path", None) or "unmatched"
            self.metrics.latency.labels(scope.get("method", ""), label, str(status)).observe(
                time.perf_counter() - t0
            )
