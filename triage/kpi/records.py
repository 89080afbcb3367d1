"""The flat view of one scored interaction that every KPI is computed from.

A :class:`KpiRecord` is built from a SPEC §3 output record (a dict, as written
by ``triage score`` or read back from the review store) plus, optionally, the
outcome of a human review. Only redacted text enters it (the scored record's
turns are already redacted), and only one short snippet of it is kept, for
alert examples.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from triage.kpi.config import KpiConfig

#: China Standard Time: months, days and hours are bucketed in this zone.
CST = timezone(timedelta(hours=8))


@dataclass(frozen=True, slots=True)
class FailedCheck:
    """One failed QA check of one interaction.

    Attributes:
        rule: Rule id (``C01``…).
        deduction: Points deducted.
        name: Chinese rule name if the record carries it.
        dimension: QA dimension (服务规范/服务态度/业务合规/服务时效) if carried.
        red_line: True for a red-line failure.
    """

    rule: str
    deduction: int
    name: str | None = None
    dimension: str | None = None
    red_line: bool = False


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    """What a reviewer decided about one interaction (SPEC §9).

    Attributes:
        reviewed_at: When the verdict was given (aware datetime).
        final_score: The score recomputed from the verdict.
        passed: Final pass/fail.
        red_line: Final red-line flag.
        overturned: Rules whose failure the reviewer overturned.
    """

    reviewed_at: datetime | None = None
    final_score: int | None = None
    passed: bool | None = None
    red_line: bool | None = None
    overturned: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class KpiRecord:
    """Everything the KPI, appraisal and alert code needs from one interaction.

    Attributes:
        id: Interaction id.
        channel: ``call`` or ``chat``.
        started_at: Start time in China Standard Time, or None when unknown.
        agent_id: Agent id or None.
        team: Team / skill group or None.
        intent: Primary intent label.
        severity: Severity level.
        queue: Routed queue.
        sla_minutes: Routed SLA (minutes; 0 = now), or None.
        qa_score: Automatic QA score.
        qa_passed: Automatic pass/fail.
        red_line: Automatic red-line flag.
        failed: Failed checks (automatic).
        dimensions: Automatic per-dimension scores.
        review: Human review outcome, or None when not reviewed.
        first_response_seconds: Chats: first agent reply after the first customer message.
        answered: Chats: False when no agent ever replied (None: not a chat / unknown).
        wait_seconds: Calls: queue wait when the input carries it.
        closed_at: Complaint work-order closure time (CST) when given.
        satisfaction: Survey score on a 0-100 scale when given.
        snippet: A short redacted snippet (first customer turn) for alert examples.
    """

    id: str
    channel: str
    started_at: datetime | None
    agent_id: str | None
    team: str | None
    intent: str | None
    severity: str | None
    queue: str | None
    sla_minutes: float | None
    qa_score: float | None
    qa_passed: bool | None
    red_line: bool
    failed: tuple[FailedCheck, ...] = ()
    dimensions: dict[str, float] = field(default_factory=dict)
    review: ReviewOutcome | None = None
    first_response_seconds: float | None = None
    answered: bool | None = None
    wait_seconds: float | None = None
    closed_at: datetime | None = None
    satisfaction: float | None = None
    snippet: str = ""

    @property
    def month(self) -> str | None:
        """``YYYY-MM`` of the start time (CST)."""
        return self.started_at.strftime("%Y-%m") if self.started_at else None

    @property
    def final_score(self) -> float | None:
        """The reviewed score where reviewed, else the automatic one."""
        if self.review is not None and self.review.final_score is not None:
            return float(self.review.final_score)
        return self.qa_score

    @property
    def final_passed(self) -> bool | None:
        """Reviewed pass/fail where reviewed, else automatic."""
        if self.review is not None and self.review.passed is not None:
            return self.review.passed
        return self.qa_passed

    @property
    def final_red_line(self) -> bool:
        """Reviewed red-line flag where reviewed, else automatic."""
        if self.review is not None and self.review.red_line is not None:
            return self.review.red_line
        return self.red_line

    @property
    def final_failed(self) -> tuple[FailedCheck, ...]:
        """Failed checks less those a reviewer overturned."""
        if self.review is None or not self.review.overturned:
            return self.failed
        return tuple(c for c in self.failed if c.rule not in self.review.overturned)


def get_path(record: Mapping[str, Any], dotted: str) -> Any:
    """The value at a dotted path (``customer.satisfaction``) or None."""
    value: Any = record
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 string (or datetime) as an aware CST datetime; None if unusable.

    Naive values are taken to be CST already (centre exports usually are).
    """
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=CST)
    return dt.astimezone(CST)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            f = float(value)
        except ValueError:
            return None
        return f if math.isfinite(f) else None
    return None


def _first(record: Mapping[str, Any], paths: list[str]) -> Any:
    for p in paths:
        v = get_path(record, p)
        if v is not None and v != "":
            return v
    return None


def first_response(turns: list[Any]) -> tuple[float | None, bool | None]:
    """First agent reply delay of a chat, in seconds.

    The clock starts at the first customer message; an agent greeting sent
    before it does not count as a reply.

    Returns:
        ``(seconds, answered)``: ``(None, None)`` when the turns carry no times
        or no customer message, ``(None, False)`` when no agent replied.
    """
    t0: float | None = None
    for t in turns:
        if not isinstance(t, Mapping):
            continue
        start = _number(t.get("start"))
        if t.get("speaker") == "customer" and t0 is None:
            if start is None:
                return None, None
            t0 = start
        elif t.get("speaker") == "agent" and t0 is not None:
            if start is None:
                return None, None
            return max(0.0, start - t0), True
    if t0 is None:
        return None, None
    return None, False


def _failed_checks(qa: Mapping[str, Any]) -> tuple[FailedCheck, ...]:
    out = []
    for c in qa.get("checks") or []:
        if not isinstance(c, Mapping) or c.get("passed", True):
            continue
        out.append(
            FailedCheck(
                rule=str(c.get("rule")),
                deduction=int(_number(c.get("deduction")) or 0),
                name=c.get("name") if isinstance(c.get("name"), str) else None,
                dimension=c.get("dimension") if isinstance(c.get("dimension"), str) else None,
                red_line=bool(c.get("red_line", False)),
            )
        )
    return tuple(out)


def _snippet(turns: list[Any], limit: int) -> str:
    for t in turns:
        if isinstance(t, Mapping) and t.get("speaker") == "customer":
            text = t.get("text")
            if isinstance(text, str):
                text = " ".join(text.split())
                return text[:limit] + ("…" if len(text) > limit else "")
    return ""


def _label(record: Mapping[str, Any], section: str, key: str) -> str | None:
    value = get_path(record, f"{section}.{key}")
    return str(value) if value is not None else None


def to_kpi_record(
    record: Mapping[str, Any],
    config: KpiConfig,
    review: ReviewOutcome | None = None,
    closed_at: datetime | None = None,
) -> KpiRecord:
    """Flatten one scored SPEC §3 record.

    Args:
        record: The scored record (redacted turns).
        config: KPI configuration (field paths, satisfaction scale, pass mark).
        review: The human review outcome if the record was reviewed.
        closed_at: Work-order closure time from an import; overrides the record's.

    Returns:
        The flat view.
    """
    turns = record.get("turns") or []
    channel = str(record.get("channel", ""))
    qa = record.get("qa") if isinstance(record.get("qa"), Mapping) else {}
    score = _number(qa.get("score"))
    passed = qa.get("passed")
    if not isinstance(passed, bool):
        passed = None if score is None else score >= config.pass_mark
    fr, answered = (None, None)
    if channel == "chat":
        fr, answered = first_response(turns if isinstance(turns, list) else [])
    wait = _number(_first(record, config.field_paths("wait_seconds")))
    sat = _number(_first(record, config.field_paths("satisfaction")))
    scale = float(config.fields.get("satisfaction_scale", 100) or 100)
    if sat is not None:
        sat = sat / scale * 100.0
        if not 0 <= sat <= 100:
            sat = None
    closed = closed_at or parse_time(_first(record, config.field_paths("closed_at")))
    team = _first(record, config.field_paths("team"))
    dims = qa.get("dimensions") if isinstance(qa.get("dimensions"), Mapping) else {}
    agent = get_path(record, "agent.id")
    return KpiRecord(
        id=str(record.get("id")),
        channel=channel,
        started_at=parse_time(record.get("started_at")),
        agent_id=str(agent) if agent is not None else None,
        team=str(team) if team is not None else None,
        intent=_label(record, "intent", "label"),
        severity=_label(record, "severity", "level"),
        queue=_label(record, "route", "queue"),
        sla_minutes=_number(get_path(record, "route.sla_minutes")),
        qa_score=score,
        qa_passed=passed,
        red_line=bool(qa.get("red_line", False)),
        failed=_failed_checks(qa),
        dimensions={str(k): float(v) for k, v in dims.items() if _number(v) is not None},
        review=review,
        first_response_seconds=fr,
        answered=answered,
        wait_seconds=wait if channel == "call" else None,
        closed_at=closed,
        satisfaction=sat,
        snippet=_snippet(turns if isinstance(turns, list) else [], config.alerts.example_chars),
    )
