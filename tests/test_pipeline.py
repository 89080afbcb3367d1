"""Pipeline runner: declared ``requires`` are enforced per record."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from triage.config import PipelineConfig
from triage.errors import Code, RecordError
from triage.pipeline import Pipeline
from triage.schema import Intent, Interaction, Turn
from triage.stage import Doc, Stage


class _NeedsRedacted(Stage):
    name = "needs_redacted"
    requires: ClassVar[tuple[str, ...]] = ("redacted",)
    assigns: ClassVar[tuple[str, ...]] = ("intent",)

    def process(self, doc: Doc) -> None:
        doc.intent = Intent("other", 1.0)


def _doc(rid: str, redacted: bool) -> Doc:
    turns = (Turn("customer", "你好"),)
    doc = Doc(Interaction(rid, "chat", turns), source="t.jsonl", line=1)
    if redacted:
        doc.redacted = turns
    return doc


def test_pipeline_unmet_requires_fails_only_that_record() -> None:
    config = PipelineConfig(Path("x.yaml"), "t", "0", 8, {}, ())
    pipe = Pipeline(config, [_NeedsRedacted()])
    ok, bad = pipe.run_docs([_doc("a", True), _doc("b", False)])
    assert isinstance(ok, Doc) and ok.intent is not None
    assert isinstance(bad, RecordError)
    assert bad.id == "b" and bad.error == Code.STAGE_FAILED and bad.stage == "needs_redacted"
    assert "redacted" in bad.reason
