"""The facts a routing or review decision looks at, read once from a :class:`Doc`.

Routing conditions and review-flag checks never reach into a ``Doc`` themselves:
they read a :class:`Facts`, so a rule can be tested with a handful of values and
every policy sees the same interpretation (e.g. what "top-two margin" means).
A fact a stage did not provide is ``None``; conditions on an unknown fact do
not match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from triage.stage import Doc


@dataclass(frozen=True, slots=True)
class Facts:
    """What the routing policy and the review flag may look at.

    Attributes:
        record_id: The record (or chat) id.
        channel: ``call`` or ``chat``.
        segment: Customer segment, if given (or, with ``segment_stated``, the one the
            customer's own words state: 我七十多了 → elderly).
        segment_stated: True when ``segment`` comes from the customer's words.
        intent: Primary intent label, if classified.
        secondary: Secondary intent labels.
        intent_confidence: Probability of the primary label.
        intent_margin: Top probability minus the second (None without scores).
        severity: Severity level ``P1``..``P4``, if graded.
        severity_confidence: Confidence of the severity model, if it gave one.
        red_line: True when a QA red line failed (None without QA).
        qa_score: QA score (None without QA).
        qa_passed: QA verdict (None without QA).
        red_line_rules: Ids of the failed red-line checks.
        signals: Names of the escalation signals that are set, as
            ``stage.name`` and, for the severity stage, also the bare name.
    """

    record_id: str
    channel: str
    segment: str | None = None
    segment_stated: bool = False
    intent: str | None = None
    secondary: tuple[str, ...] = ()
    intent_confidence: float | None = None
    intent_margin: float | None = None
    severity: str | None = None
    severity_confidence: float | None = None
    red_line: bool | None = None
    qa_score: int | None = None
    qa_passed: bool | None = None
    red_line_rules: tuple[str, ...] = ()
    signals: frozenset[str] = field(default_factory=frozenset)


def top_two_margin(scores: dict[str, float]) -> float | None:
    """Top probability minus the runner-up; None with fewer than two scores."""
    if len(scores) < 2:
        return None
    first, second = sorted(scores.values(), reverse=True)[:2]
    return float(first) - float(second)


def _signal_names(signals: dict[str, Any]) -> frozenset[str]:
    names: set[str] = set()
    for stage, facts in signals.items():
        if not isinstance(facts, dict):
            continue
        for name, value in facts.items():
            if value:  # True, a non-empty list of cues, a count > 0 …
                names.add(f"{stage}.{name}")
                if stage == "severity":
                    names.add(str(name))
    return frozenset(names)


def facts_from_doc(doc: Doc) -> Facts:
    """Read the facts of one document (fields not yet assigned stay None)."""
    inter = doc.interaction
    intent = doc.intent
    severity = doc.severity
    qa = doc.qa
    return Facts(
        record_id=doc.id,
        channel=inter.channel,
        segment=inter.segment,
        intent=intent.label if intent else None,
        secondary=tuple(intent.secondary) if intent else (),
        intent_confidence=float(intent.confidence) if intent else None,
        intent_margin=top_two_margin(intent.scores) if intent else None,
        severity=severity.level if severity else None,
        severity_confidence=severity.confidence if severity else None,
        red_line=qa.red_line if qa else None,
        qa_score=qa.score if qa else None,
        qa_passed=qa.passed if qa else None,
        red_line_rules=tuple(c.rule for c in qa.checks if c.red_line and not c.passed)
        if qa
        else (),
        signals=_signal_names(doc.signals),
    )
