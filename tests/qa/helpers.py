"""Helpers shared by the QA tests (import as ``tests.qa.helpers``)."""

from __future__ import annotations

from pathlib import Path

from triage.qa.context import QAContext
from triage.schema import Turn

RULES_DIR = Path(__file__).resolve().parents[2] / "pipelines" / "qa_rules"


def make_ctx(*rows: tuple, **kw) -> QAContext:
    """A context from (speaker, text[, start, end]) rows."""
    turns = []
    for row in rows:
        sp, text, *times = row
        start = times[0] if times else None
        end = times[1] if len(times) > 1 else None
        turns.append(Turn(sp, text, start, end))
    return QAContext.build(turns, **kw)
