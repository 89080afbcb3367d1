"""Tiny, honest stages for testing the IO, engine and CLI without the real models.

They are referenced from ``tests/toy_pipeline.yaml`` as ``toy_stages:Class``
(``tests/`` is on ``sys.path`` under pytest; subprocess tests set PYTHONPATH).
Each does a real, checkable job: the redactor replaces every run of 6+ digits
(and ID numbers ending in X) with a tag, and fails on demand so tests can see
fail-closed handling.
"""

from __future__ import annotations

import re
from typing import Any

from triage.schema import (
    CheckResult,
    Entity,
    Intent,
    QAResult,
    ReviewFlag,
    Route,
    Severity,
    Span,
    Turn,
)
from triage.stage import Doc, NormText, Stage

DIGITS = re.compile(r"\d{17}[Xx]|\d{6,}")


class _Base(Stage):
    def __init__(self, config: Any = None, **settings: Any) -> None:
        self.config = config
        self.settings = settings


class ToyNormalize(_Base):
    name = "normalize"
    assigns = ("norm",)

    def process(self, doc: Doc) -> None:
        doc.norm = [
            NormText(t.text, list(range(len(t.text))), list(range(1, len(t.text) + 1)))
            for t in doc.interaction.turns
        ]


class ToyRedact(_Base):
    """Tags digit runs; raises on a turn containing 'FAILREDACT' (fail-closed tests)."""

    name = "redact"
    assigns = ("entities", "redacted")

    def process(self, doc: Doc) -> None:
        entities: list[Entity] = []
        turns: list[Turn] = []
        for i, t in enumerate(doc.interaction.turns):
            if "FAILREDACT" in t.text:
                raise RuntimeError("toy redactor asked to fail")
            for m in DIGITS.finditer(t.text):
                entities.append(Entity(i, m.start(), m.end(), "BANK_CARD", 0.9))
            turns.append(Turn(t.speaker, DIGITS.sub("<NUM>", t.text), t.start, t.end))
        doc.entities = tuple(entities)
        doc.redacted = tuple(turns)


class ToyIntent(_Base):
    name = "intent"
    assigns = ("intent",)
    KEYWORDS = (("盗刷", "fraud_report"), ("投诉", "complaint"), ("挂失", "card_service"))

    def process(self, doc: Doc) -> None:
        text = "".join(t.text for t in doc.redacted or ())
        if "BOOM" in text:
            raise ValueError("toy intent asked to fail")
        for word, label in self.KEYWORDS:
            if word in text:
                doc.intent = Intent(label, 0.9, (), {label: 0.9})
                return
        doc.intent = Intent("other", 0.5, (), {"other": 0.5})


class ToySeverity(_Base):
    name = "severity"
    assigns = ("severity",)

    def process(self, doc: Doc) -> None:
        assert doc.intent is not None
        level = {"fraud_report": "P1", "complaint": "P2", "card_service": "P3"}.get(
            doc.intent.label, "P4"
        )
        doc.severity = Severity(level, (f"intent {doc.intent.label}",))


class ToyQA(_Base):
    """C01: the agent's first turn must contain 您好 (5 points)."""

    name = "qa"
    assigns = ("qa",)

    def process(self, doc: Doc) -> None:
        turns = doc.redacted or ()
        first = next((i for i, t in enumerate(turns) if t.speaker == "agent"), None)
        ok = first is not None and "您好" in turns[first].text
        ev = () if ok or first is None else (Span(first, 0, min(4, len(turns[first].text))),)
        check = CheckResult(
            "C01",
            ok,
            0 if ok else 5,
            ev,
            None if ok else "首句应含您好",
            False,
            "服务规范",
            "开场白",
        )
        score = 100 if ok else 95
        doc.qa = QAResult(score, score >= 80, False, (check,), {"服务规范": score})


class ToyRoute(_Base):
    name = "route"
    assigns = ("route",)

    def process(self, doc: Doc) -> None:
        assert doc.severity is not None
        p1 = doc.severity.level == "P1"
        doc.route = Route("fraud_hotline" if p1 else "general", 1 if p1 else 3, 0 if p1 else 15, p1)


class ToyReview(_Base):
    name = "review"
    assigns = ("review",)

    def process(self, doc: Doc) -> None:
        assert doc.severity is not None
        flagged = doc.severity.level in ("P1", "P2")
        doc.review = ReviewFlag(flagged, (f"severity:{doc.severity.level}",) if flagged else ())


class ToySetupFails(ToyQA):
    """Fails in ``setup`` (like a missing model file)."""

    def setup(self) -> None:
        raise FileNotFoundError("toy model file missing")
