"""Frozen record types, one shape per stage (SPEC §2-3).

Every stage reads some of these and assigns one of them on the
:class:`triage.stage.Doc` it is given. Output serialisation lives in
:mod:`triage.output`, input parsing in :mod:`triage.io`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Channel = Literal["call", "chat"]
Speaker = Literal["agent", "customer", "system"]

CHANNELS: tuple[str, ...] = ("call", "chat")
SPEAKERS: tuple[str, ...] = ("agent", "customer", "system")
SEGMENTS: tuple[str, ...] = ("retail", "vip", "elderly", "corporate")

PII_TYPES: tuple[str, ...] = (
    "PERSON",
    "PHONE_NUMBER",
    "CN_ID_CARD",
    "BANK_CARD",
    "EMAIL_ADDRESS",
    "ADDRESS",
    "VERIFICATION_CODE",
)

INTENTS: tuple[str, ...] = (
    "product_inquiry",
    "account_service",
    "transaction_inquiry",
    "card_service",
    "fraud_report",
    "credit_repayment",
    "complaint",
    "digital_channel",
    "process_guidance",
    "other",
)

INTENT_ZH: dict[str, str] = {
    "product_inquiry": "产品咨询",
    "account_service": "账户管理",
    "transaction_inquiry": "交易查询",
    "card_service": "卡片服务",
    "fraud_report": "欺诈与盗刷",
    "credit_repayment": "信用卡与贷款还款",
    "complaint": "投诉",
    "digital_channel": "线上渠道问题",
    "process_guidance": "业务办理指引",
    "other": "其他",
}

SEVERITIES: tuple[str, ...] = ("P1", "P2", "P3", "P4")
SEVERITY_ZH: dict[str, str] = {"P1": "紧急", "P2": "高", "P3": "中", "P4": "低"}

QUEUES: tuple[str, ...] = (
    "fraud_hotline",
    "complaints",
    "wealth_specialist",
    "card_services",
    "credit_services",
    "senior_care",
    "vip",
    "general",
    "self_service",
)
QUEUE_ZH: dict[str, str] = {
    "fraud_hotline": "反欺诈专席",
    "complaints": "投诉专席",
    "wealth_specialist": "理财顾问",
    "card_services": "卡片服务",
    "credit_services": "信贷服务",
    "senior_care": "老年客户专席",
    "vip": "贵宾专席",
    "general": "综合服务",
    "self_service": "自助服务",
}


@dataclass(frozen=True, slots=True)
class Turn:
    """One utterance (call) or message (chat).

    Attributes:
        speaker: ``agent``, ``customer`` or ``system``.
        text: The utterance text (original on input, redacted on output).
        start: Seconds from the start of the interaction (chat: message time).
        end: End time in seconds, or None (chats may omit it).
    """

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True, slots=True)
class Interaction:
    """An input record (SPEC §2).

    Attributes:
        id: Record id, unique within a batch.
        channel: ``call`` or ``chat``.
        turns: The turns in order.
        extra: Every other field of the input record (``agent``, ``customer``,
            ``started_at``, …), carried through untouched.
    """

    id: str
    channel: str
    turns: tuple[Turn, ...]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def segment(self) -> str | None:
        """The customer segment (``retail``/``vip``/``elderly``/``corporate``) if given."""
        customer = self.extra.get("customer")
        if isinstance(customer, dict):
            seg = customer.get("segment")
            return seg if isinstance(seg, str) else None
        return None

    @property
    def agent_id(self) -> str | None:
        """The agent id if given."""
        agent = self.extra.get("agent")
        if isinstance(agent, dict) and agent.get("id") is not None:
            return str(agent["id"])
        return None


@dataclass(frozen=True, slots=True)
class Span:
    """A character span inside one turn: ``text[start:end]`` of turn ``turn``."""

    turn: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A detected PII value; offsets refer to the ORIGINAL turn text (SPEC §3)."""

    turn: int
    start: int
    end: int
    type: str
    score: float


@dataclass(frozen=True, slots=True)
class Intent:
    """Problem category (SPEC §5).

    Attributes:
        label: Primary category code.
        confidence: Probability of the primary label.
        secondary: Further categories present in the interaction.
        scores: Probability per category (not written to the output record).
    """

    label: str
    confidence: float
    secondary: tuple[str, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Severity:
    """Severity level (SPEC §6) with readable reasons (Chinese)."""

    level: str
    reasons: tuple[str, ...] = ()
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Outcome of one QA rule on one interaction.

    Attributes:
        rule: Rule id (``C01``…).
        passed: False when the rule's violation was found.
        deduction: Points deducted (0 when passed).
        evidence: Spans (in redacted turn text) that support a failure.
        expected: For a missing element: what was expected and where (Chinese).
        red_line: True when this failed check is a red line.
        dimension: The rule's dimension (服务规范/服务态度/业务合规/服务时效).
        name: Short Chinese name of the rule.
        severity: The rule's severity grade (重度/中度/轻度, SPEC §7), not the
            interaction's P1-P4 severity.
    """

    rule: str
    passed: bool
    deduction: int = 0
    evidence: tuple[Span, ...] = ()
    expected: str | None = None
    red_line: bool = False
    dimension: str | None = None
    name: str | None = None
    severity: str | None = None


@dataclass(frozen=True, slots=True)
class QAResult:
    """Script-compliance score (SPEC §7)."""

    score: int
    passed: bool
    red_line: bool
    checks: tuple[CheckResult, ...] = ()
    dimensions: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Route:
    """Routing decision (SPEC §8); ``rule`` and ``reason`` say why."""

    queue: str
    priority: int
    sla_minutes: int
    escalate: bool
    rule: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewFlag:
    """Whether the interaction goes to QA review, and why."""

    flagged: bool
    reasons: tuple[str, ...] = ()
