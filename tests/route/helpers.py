"""Builders of scored ``Doc`` objects for routing and review-flag tests."""

from __future__ import annotations

from typing import Any

from triage.schema import CheckResult, Intent, Interaction, QAResult, Severity, Turn
from triage.stage import Doc


def make_doc(
    *,
    intent: str = "other",
    confidence: float = 0.9,
    scores: dict[str, float] | None = None,
    secondary: tuple[str, ...] = (),
    severity: str | None = "P3",
    severity_confidence: float | None = None,
    segment: str | None = None,
    channel: str = "call",
    qa_score: int | None = 95,
    red_line_rules: tuple[str, ...] = (),
    signals: dict[str, Any] | None = None,
    record_id: str = "rec-1",
    customer_text: str = "你好",
) -> Doc:
    """A Doc as the stages before ``route`` would leave it."""
    extra: dict[str, Any] = {}
    if segment is not None:
        extra["customer"] = {"segment": segment}
    turns = (Turn("customer", customer_text, 0.0),)
    doc = Doc(Interaction(record_id, channel, turns, extra))
    doc.redacted = turns
    doc.entities = ()
    if scores is None:
        scores = {intent: confidence, "other" if intent != "other" else "complaint": 1 - confidence}
    doc.intent = Intent(intent, confidence, secondary, scores)
    if severity is not None:
        doc.severity = Severity(severity, (), severity_confidence)
    if qa_score is not None:
        checks = tuple(CheckResult(r, False, 0, red_line=True) for r in red_line_rules)
        red = bool(red_line_rules)
        doc.qa = QAResult(qa_score, qa_score >= 80 and not red, red, checks)
    if signals:
        doc.signals["severity"] = signals
    return doc
