"""A lean ASGI path for the hot request, ``POST /v1/chats/{chat_id}/messages``.

Every chat message of a live platform takes this request, and FastAPI's own
work around the endpoint (route matching, dependency solving for the token,
hook and metrics, body validation) cost more CPU than HTTP parsing and JSON
together. :class:`ChatMessageFastPath` sits inside the body-limit and metrics
middleware and answers a well-formed, authorised message itself, with the
same checks and the same answer:

* the same JSON parser (``json.loads``) and the same model validation
  (:class:`~triage.service.schemas.MessageIn`, Python mode, as FastAPI does);
* the same token check (first ``Authorization`` header, ``Bearer``, constant-time
  compare);
* the same scoring call and answer (:func:`triage.service.routers.chats.post_message`,
  a ``JSONResponse``), the same error answer for a :class:`~triage.hook.HookError`.

Anything it is not sure of (another method or path, a ``Content-Type`` other
than ``application/json``, a bad or missing token, invalid JSON, a body that
fails validation, a ``root_path``) goes to the FastAPI app unchanged, body
included, so every error answer (401, 422, …) is FastAPI's own. The route
keeps its FastAPI declaration (OpenAPI docs, fallback).
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from triage.hook import CHAT_ID_PATTERN, HookError
from triage.service.errors import error_response
from triage.service.schemas import MessageIn

MESSAGES_PATH = "/v1/chats/{chat_id}/messages"
_PATH = re.compile(r"/v1/chats/([^/]+)/messages")


def _is_json(value: bytes) -> bool:
    """``application/json``, optionally with parameters (``; charset=utf-8``)."""
    return value.split(b";", 1)[0].strip().lower() == b"application/json"


class ChatMessageFastPath:
    """Answers ``POST /v1/chats/{chat_id}/messages`` without FastAPI's routing and dependencies.

    Only for an app that includes :mod:`triage.service.routers.chats`.

    Args:
        app: The wrapped app (FastAPI's middleware stack below this one).
        fastapi_app: The FastAPI app: its ``state`` (settings, hook, metrics) and the
            route object the metrics label requests with.
    """

    def __init__(self, app: ASGIApp, fastapi_app: FastAPI) -> None:
        self.app = app
        self.fastapi_app = fastapi_app
        self._route = self._find_route()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope.get("root_path"):
            await self.app(scope, receive, send)
            return
        m = _PATH.fullmatch(scope["path"])
        if m is None or not CHAT_ID_PATTERN.fullmatch(m.group(1)):
            await self.app(scope, receive, send)
            return
        state = self.fastapi_app.state
        content_type = authorization = None
        for name, value in scope["headers"]:
            if name == b"content-type" and content_type is None:
                content_type = value
            elif name == b"authorization" and authorization is None:
                authorization = value
        if content_type is None or not _is_json(content_type):
            await self.app(scope, receive, send)
            return
        if not self._authorised(state.settings.api_token, authorization):
            await self.app(scope, receive, send)
            return
        body, more = await _read_body(receive)
        message = _parse(body) if not more else None
        if message is None:
            await self.app(scope, _replay(body, more, receive), send)
            return
        scope["route"] = self._route
        scope["path_params"] = {"chat_id": m.group(1)}
        from triage.service.routers.chats import post_message

        try:
            decision = await post_message(state, m.group(1), message)
        except HookError as exc:
            response = error_response(Request(scope), exc.status, exc.code, exc.reason)
        else:
            response = JSONResponse(decision)
        await response(scope, receive, send)

    @staticmethod
    def _authorised(token: Any, authorization: bytes | None) -> bool:
        """What :func:`triage.service.deps.require_token` accepts (None: let FastAPI answer)."""
        if token is None:
            return True
        if not authorization:
            return False
        scheme, _, given = authorization.decode("latin-1").partition(" ")
        given = given.strip()
        if not scheme or not given or scheme.lower() != "bearer":
            return False
        return secrets.compare_digest(given.encode(), token.get_secret_value().encode())

    @staticmethod
    def _find_route() -> Any:
        """The route FastAPI would select (the metrics label requests with its path)."""
        from triage.service.routers.chats import router

        for route in router.routes:
            if getattr(route, "path", None) == MESSAGES_PATH and "POST" in getattr(
                route, "methods", ()
            ):
                return route
        raise RuntimeError(f"no route {MESSAGES_PATH} in triage.service.routers.chats")


async def _read_body(receive: Receive) -> tuple[bytes, Message | None]:
    """The whole body; or what was read up to a message that is not a body chunk."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), message  # e.g. http.disconnect: FastAPI deals with it
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), None


def _replay(body: bytes, pending: Message | None, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` again, then what the client sends next."""
    sent = False

    async def replay() -> Message:
        nonlocal sent, pending
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": pending is not None}
        if pending is not None:
            message, pending = pending, None
            return message
        return await receive()

    return replay


def _parse(body: bytes) -> MessageIn | None:
    """The message as FastAPI reads it (``json.loads``, Python-mode validation), or None."""
    if not body:
        return None
    try:
        return MessageIn.model_validate(json.loads(body))
    except (ValueError, ValidationError):  # JSONDecodeError and UnicodeDecodeError included
        return None
