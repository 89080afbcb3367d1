"""The ``qa`` pipeline stage: scores each interaction against the rule pack."""

from __future__ import annotations

from typing import Any, ClassVar

from triage.config import PipelineConfig
from triage.errors import ConfigError
from triage.qa.context import QAContext
from triage.qa.engine import QAEngine
from triage.qa.rules import load_rules
from triage.stage import Doc, Stage


def context_of(doc: Doc) -> QAContext:
    """The QA view of a redacted document (redacted text only)."""
    if doc.redacted is None:
        raise ValueError(f"record {doc.id}: QA needs redacted turns")
    intent = doc.intent
    return QAContext.build(
        doc.redacted,
        channel=doc.interaction.channel,
        intent=intent.label if intent else None,
        secondary=intent.secondary if intent else (),
        severity=doc.severity.level if doc.severity else None,
        segment=doc.interaction.segment,
        entities=[(e.turn, e.type) for e in (doc.entities or ())],
        # the live hook keeps a memo per chat: per-turn hits are found once per turn
        memo=doc.cache.setdefault("qa", {}) if doc.cache is not None else None,
    )


class QAStage(Stage):
    """Assigns ``doc.qa`` (:class:`~triage.schema.QAResult`).

    Args:
        config: The pipeline configuration (rule paths resolve from it).
        rules: Rule directory or file, relative to the pipeline file.
        pass_mark: Minimum score to pass (default 80).
        similarity: Also run similarity matchers (slower; default off).
    """

    name: ClassVar[str] = "qa"
    requires: ClassVar[tuple[str, ...]] = ("redacted", "entities", "intent", "severity")
    assigns: ClassVar[tuple[str, ...]] = ("qa",)

    def __init__(
        self,
        config: PipelineConfig,
        rules: str = "qa_rules",
        pass_mark: int = 80,
        similarity: bool = False,
        **unknown: Any,
    ) -> None:
        if unknown:
            raise ConfigError(
                f"{config.path.name}: stage qa: unknown setting(s) {', '.join(unknown)}"
            )
        if (
            isinstance(pass_mark, bool)
            or not isinstance(pass_mark, int)
            or not 0 <= pass_mark <= 100
        ):
            raise ConfigError(f"{config.path.name}: stage qa: field 'pass_mark': must be 0-100")
        self.config = config
        self.rules_path = config.resolve(rules)
        self.pass_mark = pass_mark
        self.similarity = bool(similarity)
        self.engine: QAEngine | None = None

    def setup(self) -> None:
        """Load and validate the rule pack."""
        self.engine = QAEngine(load_rules(self.rules_path), self.pass_mark, self.similarity)

    def process(self, doc: Doc) -> None:
        """Score one document."""
        if self.engine is None:
            self.setup()
        assert self.engine is not None
        doc.qa = self.engine.evaluate(context_of(doc))
