"""Live-chat routing hook over HTTP: ``POST /v1/chats/{chat_id}/messages``, ``DELETE``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import JSONResponse

from triage.hook import CHAT_ID_PATTERN
from triage.service.deps import HookDep, require_token
from triage.service.errors import NOT_FOUND
from triage.service.runner import run_scoring
from triage.service.schemas import ChatEndPublic, DecisionPublic, MessageIn

router = APIRouter(prefix="/v1/chats", tags=["chats"], dependencies=[Depends(require_token)])

ChatId = Annotated[
    str,
    Path(
        pattern=CHAT_ID_PATTERN.pattern,
        description="The platform's chat id: 1-128 characters of A-Z a-z 0-9 . _ : @ -",
    ),
]


async def post_message(state: Any, chat_id: str, message: MessageIn) -> dict[str, Any]:
    """Score ``message`` in chat ``chat_id`` off the event loop; count the decision.

    Shared by the route below and the lean path (:mod:`triage.service.fastpath`).
    ``state`` is the app's state (hook, limiter, metrics).

    Raises:
        HookError: bad message or failed stage (the error handlers answer it).
    """
    hook = state.hook
    customer = message.customer.model_dump(exclude_none=True) if message.customer else None
    add_async = getattr(hook, "add_message_async", None)
    if add_async is not None:  # scoring processes: the loop waits on their pipes itself
        decision = await add_async(
            chat_id, message.speaker, message.text, start=message.start, customer=customer
        )
    else:
        decision = await run_scoring(
            state,
            lambda: hook.add_message(
                chat_id, message.speaker, message.text, start=message.start, customer=customer
            ),
        )
    route = decision.get("route") or {}
    severity = decision.get("severity") or {}
    state.metrics.decision(route.get("queue"), severity.get("level"))
    return decision


@router.post("/{chat_id}/messages", response_model=DecisionPublic)
async def add_message(chat_id: ChatId, message: MessageIn, request: Request) -> JSONResponse:
    """Add a message to a chat and get the routing decision for the whole chat so far.

    The pipeline runs in a worker thread (never on the event loop); only the
    redacted message is kept and returned. Well-formed requests are answered by
    :mod:`triage.service.fastpath` before they reach this route, with the same answer.
    """
    # The hook builds exactly the DecisionPublic shape (tests check it against the schema);
    # answering directly skips a second validation pass on the hot path.
    return JSONResponse(await post_message(request.app.state, chat_id, message))


@router.delete("/{chat_id}", response_model=ChatEndPublic)
async def end_chat(chat_id: ChatId, request: Request, hook: HookDep) -> dict[str, Any]:
    """End a chat: its state is dropped; the answer holds its last scored record."""

    def end() -> tuple[bool, dict[str, Any] | None]:
        # in a worker thread: with scoring processes, both calls wait for the chat's process
        if chat_id not in hook:
            return False, None
        return True, hook.end_chat(chat_id)

    known, record = await run_scoring(request.app.state, end)
    if not known:
        raise HTTPException(
            404, {"error": NOT_FOUND, "detail": "no such chat (ended, expired or never started)"}
        )
    return {"chat_id": chat_id, "ended": True, "record": record}
