"""Serialises a scored :class:`Doc` to the SPEC §3 output record.

Only redacted text leaves through here. Fields of the input record other than
``id``/``channel``/``turns`` are carried through untouched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from triage.schema import Span, Turn
from triage.stage import Doc

if TYPE_CHECKING:
    from triage.pipeline import Pipeline


def _turn(t: Turn) -> dict[str, Any]:
    out: dict[str, Any] = {"speaker": t.speaker, "text": t.text}
    if t.start is not None:
        out["start"] = t.start
    if t.end is not None:
        out["end"] = t.end
    return out


def _span(s: Span) -> dict[str, int]:
    return {"turn": s.turn, "start": s.start, "end": s.end}


def to_output_record(doc: Doc, pipeline: Pipeline) -> dict[str, Any]:
    """Build the output record of one fully processed document.

    Raises:
        ValueError: if the document was not redacted (fail closed) or a stage
            left its field unset.
    """
    if doc.redacted is None or doc.entities is None:
        raise ValueError(f"record {doc.id}: not redacted; refusing to serialise")
    missing = [
        f for f in ("intent", "severity", "qa", "route", "review") if getattr(doc, f) is None
    ]
    if missing:
        raise ValueError(f"record {doc.id}: stages left {', '.join(missing)} unset")
    assert doc.intent and doc.severity and doc.qa and doc.route and doc.review  # for mypy
    inter = doc.interaction
    record: dict[str, Any] = {"id": inter.id, "channel": inter.channel}
    record.update(inter.extra)
    record["turns"] = [_turn(t) for t in doc.redacted]
    record["pii"] = [
        {"turn": e.turn, "start": e.start, "end": e.end, "type": e.type, "score": round(e.score, 4)}
        for e in doc.entities
    ]
    record["intent"] = {
        "label": doc.intent.label,
        "confidence": round(doc.intent.confidence, 4),
        "secondary": list(doc.intent.secondary),
    }
    record["severity"] = {"level": doc.severity.level, "reasons": list(doc.severity.reasons)}
    checks = []
    for c in doc.qa.checks:
        item: dict[str, Any] = {
            "rule": c.rule,
            "passed": c.passed,
            "deduction": c.deduction,
            "evidence": [_span(s) for s in c.evidence],
        }
        if c.name:
            item["name"] = c.name
        if c.dimension:
            item["dimension"] = c.dimension
        if c.severity:
            item["severity"] = c.severity  # rule grade 重度/中度/轻度 (SPEC §7)
        if c.red_line:
            item["red_line"] = True
        if c.expected:
            item["expected"] = c.expected
        checks.append(item)
    record["qa"] = {
        "score": doc.qa.score,
        "passed": doc.qa.passed,
        "red_line": doc.qa.red_line,
        "dimensions": dict(doc.qa.dimensions),
        "checks": checks,
    }
    r = doc.route
    record["route"] = {
        "queue": r.queue,
        "priority": r.priority,
        "sla_minutes": r.sla_minutes,
        "escalate": r.escalate,
    }
    if r.rule:
        record["route"]["rule"] = r.rule
    if r.reason:
        record["route"]["reason"] = r.reason
    record["review"] = {"flagged": doc.review.flagged, "reasons": list(doc.review.reasons)}
    record["model"] = {"pipeline": pipeline.config.name, "version": pipeline.version}
    return record
