"""The ``redact`` pipeline stage: assigns ``doc.entities`` and ``doc.redacted``.

Fails closed: any exception propagates, so the pipeline reports the record as
``E202`` and never serialises its text. Logs carry record ids only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any, ClassVar

from triage.config import PipelineConfig
from triage.redact.redactor import Redactor
from triage.redact.settings import load_redact_settings
from triage.stage import Doc, NormText, Stage

log = logging.getLogger("triage.redact")


class RedactStage(Stage):
    """PII detection (presidio-analyzer, ``zh``) and replacement for a batch of interactions.

    Args:
        config: The pipeline configuration (the redaction YAML resolves beside it).
        redact_config: The redaction YAML (default ``redact.yaml`` next to the
            pipeline file; ``pipelines/redact.yaml`` without a pipeline config).
    """

    name: ClassVar[str] = "redact"
    requires: ClassVar[tuple[str, ...]] = ("interaction", "norm")
    assigns: ClassVar[tuple[str, ...]] = ("entities", "redacted")

    def __init__(
        self, config: PipelineConfig | None = None, redact_config: str = "redact.yaml"
    ) -> None:
        self.config = config
        self.redact_config = redact_config
        self._redactor: Redactor | None = None
        self._context: Any = None  # ContextTest, built on first use (live hook only)

    def setup(self) -> None:
        """Load the redaction settings, presidio and NER."""
        if self._redactor is None:
            path = self.config.resolve(self.redact_config) if self.config else None
            self._redactor = Redactor(load_redact_settings(path))
            self._redactor.setup()

    def context_needed(self, speakers: Sequence[str], norms: Sequence[NormText]) -> bool:
        """Whether the turns before the last may change what is found in the last one.

        The live hook's test (:class:`~triage.redact.context.ContextTest`): it
        redacts a new message without the chat's earlier turns when this says no.
        """
        return self._context_test().needed(speakers, norms)

    def agent_flags(self) -> re.Pattern[str] | None:
        """Words that change what is found in the next turns wherever they stand in an agent's
        turn (a code cue: :attr:`~triage.redact.context.ContextTest.agent_flags`); the live hook
        keeps them when it cuts a context turn to its end."""
        return self._context_test().agent_flags

    def _context_test(self) -> Any:
        """The :class:`~triage.redact.context.ContextTest` of these settings (built once)."""
        self.setup()
        assert self._redactor is not None
        if self._context is None:
            from triage.redact.context import ContextTest

            self._context = ContextTest(self._redactor.settings)
        return self._context

    def process(self, doc: Doc) -> None:
        """Redact one document."""
        self.process_batch([doc])

    def process_batch(self, docs: Sequence[Doc]) -> None:
        """Redact a batch: NER batched across all its interactions."""
        self.setup()
        assert self._redactor is not None
        # Clear first: a failure below must leave no half-redacted state behind.
        for doc in docs:
            doc.entities = None
            doc.redacted = None
        results = self._redactor.redact_batch([(d.interaction.turns, d.norm) for d in docs])
        for doc, res in zip(docs, results, strict=True):
            doc.entities = res.entities
            doc.redacted = res.turns
            log.debug("redact.done", extra={"record_id": doc.id, "entities": len(res.entities)})
