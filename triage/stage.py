"""The stage contract: a small class with one job, declared reads and writes.

A pipeline is a list of stages (see :mod:`triage.pipeline`). Each stage gets a
batch of :class:`Doc` objects and assigns the fields it declares in
``assigns``. A stage that fails on one record must not lose the others: the
pipeline retries the batch record by record and sends the failing record to
the errors file with the stage name (:class:`StageError`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from triage.errors import Code
from triage.schema import (
    Entity,
    Intent,
    Interaction,
    QAResult,
    ReviewFlag,
    Route,
    Severity,
    Turn,
)


@dataclass(slots=True)
class NormText:
    """Normalised text of one turn with a map back to the original.

    Attributes:
        text: Normalised text (full-width folded, spoken digits as ASCII digits…).
        starts: ``starts[i]`` is where, in the original text, the source of
            normalised character ``i`` begins.
        ends: ``ends[i]`` is where that source ends (exclusive).
    """

    text: str
    starts: list[int]
    ends: list[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised ``[start, end)`` span (non-empty) to the original text."""
        return self.starts[start], self.ends[end - 1]


@dataclass(slots=True)
class Doc:
    """One interaction travelling through the pipeline, with its context.

    Attributes:
        interaction: The parsed input record (original text; never written out).
        source: Input file the record came from (for error reports).
        line: 1-based line (or row/record number) in ``source``.
        norm: Per-turn normalised text (``normalize`` stage).
        entities: Detected PII, offsets into the original turn text (``redact``).
        redacted: Turns with PII replaced (``redact``); the only text later
            stages and every writer may use.
        intent: Problem category (``classify``).
        severity: Severity level (``classify``).
        qa: Script-compliance result (``qa``).
        route: Routing decision (``route``).
        review: Review flag (``review``).
        signals: Facts one stage leaves for the next (e.g. escalation cues),
            keyed by ``stage.name``.
        cache: Per-record memo kept by a caller that scores the same record
            again as it grows (the live hook keeps one per chat), keyed by
            ``stage.name``; stages may keep per-turn results there. None: no memo.
    """

    interaction: Interaction
    source: str = "<memory>"
    line: int = 0
    norm: list[NormText] | None = None
    entities: tuple[Entity, ...] | None = None
    redacted: tuple[Turn, ...] | None = None
    intent: Intent | None = None
    severity: Severity | None = None
    qa: QAResult | None = None
    route: Route | None = None
    review: ReviewFlag | None = None
    signals: dict[str, Any] = field(default_factory=dict)
    cache: dict[str, Any] | None = None

    @property
    def id(self) -> str:
        """The record id."""
        return self.interaction.id


class StageError(Exception):
    """A stage failed on one record; carries the stage name and a PII-free reason."""

    def __init__(self, stage: str, code: str, reason: str) -> None:
        super().__init__(f"{code} in stage {stage}: {reason}")
        self.stage = stage
        self.code = code
        self.reason = reason


class Stage:
    """Base class of pipeline stages.

    Subclasses set ``name``, ``requires`` and ``assigns`` (names of
    :class:`Doc` fields) and implement :meth:`process` or, when batching pays
    off (models, NER), :meth:`process_batch`. ``__init__`` only stores its
    parameters; heavy resources load in :meth:`setup`, called once by the
    pipeline before the first batch.
    """

    name: ClassVar[str] = "stage"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def setup(self) -> None:
        """Load models or compile resources (called once, lazily)."""

    def check_requires(self, docs: Sequence[Doc]) -> None:
        """Raise :class:`StageError` if a field named in ``requires`` is unset on a doc.

        The pipeline calls this before every batch; stages that are also used on
        their own call it at the top of :meth:`process_batch`.
        """
        for doc in docs:
            for field_name in self.requires:
                if getattr(doc, field_name) is None:
                    raise StageError(
                        self.name,
                        Code.STAGE_FAILED,
                        f"stage {self.name} requires '{field_name}', "
                        "which no earlier stage assigned",
                    )

    def process(self, doc: Doc) -> None:
        """Assign this stage's fields on one document."""
        raise NotImplementedError

    def process_batch(self, docs: Sequence[Doc]) -> None:
        """Assign this stage's fields on a batch (default: one by one)."""
        for doc in docs:
            self.process(doc)
