"""Request (``…In``) and response (``…Public``) shapes of the JSON API."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class CustomerIn(BaseModel):
    """Customer facts: only ``segment`` is used; other keys are ignored and never stored."""

    model_config = ConfigDict(extra="ignore")

    segment: Literal["retail", "vip", "elderly", "corporate"] | None = None


class MessageIn(BaseModel):
    """One new chat message."""

    speaker: Literal["customer", "agent", "system"]
    text: str = Field(
        min_length=1, description="The message; only its redacted form is kept or returned."
    )
    start: float | None = Field(
        None, ge=0, allow_inf_nan=False, description="Seconds since the chat began."
    )
    customer: CustomerIn | None = None

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "speaker": "customer",
                    "text": "我的卡被盗刷了，刚收到短信扣了五千块",
                    "customer": {"segment": "elderly"},
                }
            ]
        },
    )


class IntentPublic(BaseModel):
    """Problem category so far."""

    label: str
    label_zh: str
    confidence: float
    secondary: list[str]


class SeverityPublic(BaseModel):
    """Severity so far, with readable reasons."""

    level: str
    level_zh: str
    reasons: list[str]


class RoutePublic(BaseModel):
    """Routing decision (SPEC §8) with the rule that matched and why."""

    queue: str
    queue_zh: str
    priority: int
    sla_minutes: int
    escalate: bool
    rule: str | None
    reason: str | None


class FlagsPublic(BaseModel):
    """Review flag and QA state of the chat so far."""

    review: bool
    review_reasons: list[str]
    red_line: bool
    qa_score: int | None


class DecisionPublic(BaseModel):
    """The answer to a new chat message."""

    chat_id: str
    turn: int = Field(description="0-based number of this message in the chat.")
    text: str = Field(description="The message, redacted.")
    pii: list[str] = Field(description="PII types found in this message.")
    intent: IntentPublic | None
    severity: SeverityPublic | None
    route: RoutePublic | None
    flags: FlagsPublic


class ChatEndPublic(BaseModel):
    """A chat ended; ``record`` is its last scored record (SPEC §3, redacted)."""

    chat_id: str
    ended: bool
    record: dict[str, Any] | None


class HealthPublic(BaseModel):
    """Liveness and what is loaded."""

    status: str
    pipeline: str
    version: str
    live_chats: int
    live_chats_per_process: list[int] | None = None  # with ``--workers`` > 1
