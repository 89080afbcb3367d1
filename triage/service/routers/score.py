"""``POST /v1/score``: score one whole SPEC §2 record, answer the SPEC §3 record."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request

from triage.service.deps import HookDep, MetricsDep, require_token
from triage.service.runner import run_scoring

router = APIRouter(prefix="/v1", tags=["score"], dependencies=[Depends(require_token)])

_EXAMPLE = {
    "id": "chat-0001",
    "channel": "chat",
    "customer": {"segment": "retail"},
    "turns": [
        {
            "speaker": "agent",
            "text": "您好，XX银行在线客服，工号1023，请问有什么可以帮您？",
            "start": 0,
        },
        {"speaker": "customer", "text": "我想问下信用卡账单怎么分期", "start": 12},
    ],
}


@router.post("/score")
async def score(
    record: Annotated[dict[str, Any], Body(examples=[_EXAMPLE])],
    request: Request,
    hook: HookDep,
    metrics: MetricsDep,
) -> dict[str, Any]:
    """Score one interaction (SPEC §2) through the whole pipeline; the answer is SPEC §3."""
    out = await run_scoring(request.app.state, lambda: hook.score(record))
    metrics.decision(out["route"]["queue"], out["severity"]["level"])
    return out
