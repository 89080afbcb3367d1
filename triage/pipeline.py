"""Builds the stages from a config and runs records through them.

A linear flow of small stages (normalize → redact → classify → qa → route →
review flag), not a framework. Records move in bounded batches; a stage that
raises on a batch is retried record by record so one bad record never costs
the others, and the failing record becomes a :class:`RecordError` naming the
stage. Redaction fails closed: a record whose redaction failed is never
serialised.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.config import PipelineConfig, load_pipeline_config
from triage.errors import Code, RecordError
from triage.output import to_output_record
from triage.registrations import resolve_stage
from triage.stage import Doc, Stage, StageError

log = logging.getLogger("triage.pipeline")


@dataclass(frozen=True, slots=True)
class Scored:
    """A successfully scored record: the SPEC §3 dict plus the Doc it came from."""

    record: dict[str, Any]
    doc: Doc


Result = Scored | RecordError


class Pipeline:
    """An ordered list of stages built from a :class:`PipelineConfig`.

    Args:
        config: The parsed configuration.
        stages: The instantiated stages, in order.
    """

    def __init__(self, config: PipelineConfig, stages: Sequence[Stage]) -> None:
        self.config = config
        self.stages = list(stages)
        self._ready = False

    @classmethod
    def from_config(cls, path: Path | str | None = None, **overrides: Any) -> Pipeline:
        """Build the pipeline described by a YAML file (default ``pipelines/default.yaml``).

        Args:
            path: Config file.
            overrides: Per-stage settings overrides, ``{stage_name: {key: value}}``.
        """
        config = load_pipeline_config(path)
        stages = []
        for spec in config.stages:
            stage_cls = resolve_stage(spec.factory)
            settings = dict(spec.settings)
            settings.update(overrides.get(spec.name, {}))
            stages.append(stage_cls(config=config, **settings))
        return cls(config, stages)

    @property
    def version(self) -> str:
        """Pipeline version written to ``model.version``."""
        return self.config.version

    def setup(self) -> None:
        """Load every stage's resources once."""
        if not self._ready:
            for stage in self.stages:
                stage.setup()
            self._ready = True

    def stage(self, name: str) -> Stage:
        """The stage called ``name``."""
        for s in self.stages:
            if s.name == name:
                return s
        raise KeyError(name)

    def run_docs(self, docs: Sequence[Doc]) -> list[Doc | RecordError]:
        """Run every stage over a batch; returns a Doc or a RecordError per input, in order."""
        self.setup()
        alive: list[Doc] = list(docs)
        failed: dict[int, RecordError] = {}
        for stage in self.stages:
            if not alive:
                break
            try:
                stage.check_requires(alive)
                stage.process_batch(alive)
            except Exception:  # noqa: BLE001 - isolate the failing record below
                survivors = []
                for doc in alive:
                    try:
                        stage.check_requires([doc])
                        stage.process_batch([doc])
                    except Exception as exc:  # noqa: BLE001
                        failed[id(doc)] = self._stage_error(stage, doc, exc)
                    else:
                        survivors.append(doc)
                alive = survivors
        return [failed.get(id(d), d) for d in docs]

    def score_docs(self, docs: Sequence[Doc]) -> list[Result]:
        """Run a batch and serialise each surviving record (SPEC §3)."""
        out: list[Result] = []
        for item in self.run_docs(docs):
            if isinstance(item, RecordError):
                out.append(item)
            else:
                out.append(Scored(to_output_record(item, self), item))
        return out

    def score_stream(self, docs: Iterable[Doc]) -> Iterator[Result]:
        """Score an iterable of docs in bounded batches, keeping order."""
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= self.config.batch_size:
                yield from self.score_docs(batch)
                batch = []
        if batch:
            yield from self.score_docs(batch)

    def _stage_error(self, stage: Stage, doc: Doc, exc: Exception) -> RecordError:
        if isinstance(exc, StageError):
            code, reason = exc.code, exc.reason
        elif stage.name == "redact":
            code, reason = Code.REDACTION_FAILED, f"redaction failed ({type(exc).__name__})"
        else:
            code, reason = Code.STAGE_FAILED, f"stage {stage.name} failed ({type(exc).__name__})"
        # Exception messages may quote record text: log the type and record id only.
        log.error(
            "pipeline.stage_failed",
            extra={"stage": stage.name, "record_id": doc.id, "error_type": type(exc).__name__},
        )
        return RecordError(
            source=doc.source, line=doc.line, id=doc.id, error=code, reason=reason, stage=stage.name
        )
