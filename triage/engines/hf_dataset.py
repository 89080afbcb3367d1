"""Python API over Hugging Face datasets: ``score_dataset(ds)`` via ``Dataset.map(batched=True)``.

Each row of the input dataset is one interaction with the fields of a JSON
Lines record (SPEC §2): ``id``, ``channel``, ``turns`` (a list of
``{speaker, text, start, end}``) and any other field (``agent``,
``customer``, ``started_at``…). Null fields that the columnar format adds for
keys a record did not have are dropped before validation, so a record reads
the same as from JSON Lines.

The result has one row per input row, in order::

    id, ok, record, error, intent, severity, queue, priority, escalate,
    qa_score, qa_passed, red_line, flagged

``record`` is the SPEC §3 output record as a JSON string (its nested shape
varies between records, so it is not spread over Arrow columns); ``error`` is
the errors-file object as a JSON string when the row failed (then ``ok`` is
False and the flat columns are null). Only redacted text leaves through here.

Example::

    from datasets import load_from_disk
    from triage.engines.hf_dataset import score_dataset

    scored = score_dataset(load_from_disk("calls_ds"))
    scored.filter(lambda r: r["flagged"]).to_json("flagged.jsonl")
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from triage.config import load_pipeline_config
from triage.errors import RecordError
from triage.io.options import ReaderOptions
from triage.io.validate import to_doc
from triage.stage import Doc

if TYPE_CHECKING:
    import datasets

    from triage.pipeline import Pipeline

Overrides = Mapping[str, Mapping[str, Any]]

COLUMNS = (
    "id",
    "ok",
    "record",
    "error",
    "intent",
    "severity",
    "queue",
    "priority",
    "escalate",
    "qa_score",
    "qa_passed",
    "red_line",
    "flagged",
)

# One pipeline per (config, overrides) and process: map() with num_proc runs the
# scorer in worker processes, each of which builds it once on first use.
_PIPELINES: dict[str, Pipeline] = {}


def _strip_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip_nulls(v) for v in value]
    return value


def _features() -> datasets.Features:
    from datasets import Features, Value

    return Features(
        {
            "id": Value("string"),
            "ok": Value("bool"),
            "record": Value("string"),
            "error": Value("string"),
            "intent": Value("string"),
            "severity": Value("string"),
            "queue": Value("string"),
            "priority": Value("int32"),
            "escalate": Value("bool"),
            "qa_score": Value("int32"),
            "qa_passed": Value("bool"),
            "red_line": Value("bool"),
            "flagged": Value("bool"),
        }
    )


class BatchScorer:
    """The ``Dataset.map`` function: a batch of record columns in, result columns out.

    Args:
        config_path: Pipeline YAML (resolved path).
        overrides: Per-stage settings overrides.
        source: Name used in error objects (``source``); ``line`` is the 1-based row.
    """

    def __init__(
        self, config_path: str, overrides: Overrides | None = None, source: str = "<dataset>"
    ) -> None:
        self.config_path = config_path
        self.overrides = {k: dict(v) for k, v in (overrides or {}).items()}
        self.source = source

    def _pipeline(self) -> Pipeline:
        key = json.dumps([self.config_path, self.overrides], sort_keys=True)
        pipe = _PIPELINES.get(key)
        if pipe is None:
            from triage.engines.local import build_pipeline

            pipe = build_pipeline(self.config_path, self.overrides)
            _PIPELINES[key] = pipe
        return pipe

    def __call__(self, batch: dict[str, list[Any]], indices: list[int]) -> dict[str, list[Any]]:
        from triage.engines.local import score_docs

        pipe = self._pipeline()
        options = ReaderOptions(limits=pipe.config.limits)
        names = list(batch)
        items: list[Doc | RecordError] = []
        for i, row_index in enumerate(indices):
            row = {name: batch[name][i] for name in names}
            items.append(to_doc(_strip_nulls(row), self.source, row_index + 1, options))
        docs = [it for it in items if isinstance(it, Doc)]
        scored = iter(score_docs(pipe, docs) if docs else [])
        out: dict[str, list[Any]] = {c: [] for c in COLUMNS}
        for it in items:
            result = next(scored) if isinstance(it, Doc) else it
            if isinstance(result, RecordError):
                row_out: dict[str, Any] = {c: None for c in COLUMNS}
                row_out.update(
                    id=result.id, ok=False, error=json.dumps(result.to_dict(), ensure_ascii=False)
                )
            else:
                row_out = {
                    "id": result["id"],
                    "ok": True,
                    "record": json.dumps(result, ensure_ascii=False),
                    "error": None,
                    "intent": result["intent"]["label"],
                    "severity": result["severity"]["level"],
                    "queue": result["route"]["queue"],
                    "priority": result["route"]["priority"],
                    "escalate": result["route"]["escalate"],
                    "qa_score": result["qa"]["score"],
                    "qa_passed": result["qa"]["passed"],
                    "red_line": result["qa"]["red_line"],
                    "flagged": result["review"]["flagged"],
                }
            for c in COLUMNS:
                out[c].append(row_out[c])
        return out


def score_dataset(
    ds: datasets.Dataset,
    config: Path | str | None = None,
    batch_size: int | None = None,
    num_proc: int | None = None,
    overrides: Overrides | None = None,
    source: str = "<dataset>",
) -> datasets.Dataset:
    """Score every row of a Hugging Face ``Dataset`` of interactions.

    Args:
        ds: One interaction per row (fields of SPEC §2).
        config: Pipeline YAML (default ``pipelines/default.yaml``).
        batch_size: Rows per ``map`` batch (default: the config's ``batch_size``).
        num_proc: Processes for ``Dataset.map`` (each builds the pipeline once).
        overrides: Per-stage settings overrides.
        source: Name written as ``source`` in error objects.

    Returns:
        A new dataset with the columns of :data:`COLUMNS`, one row per input row.
    """
    cfg = load_pipeline_config(config)
    scorer = BatchScorer(str(cfg.path), overrides, source)
    return ds.map(
        scorer,
        batched=True,
        with_indices=True,
        batch_size=batch_size or cfg.batch_size,
        num_proc=num_proc,
        remove_columns=ds.column_names,
        features=_features(),
        desc="scoring",
        load_from_cache_file=False,
    )


def records(scored: datasets.Dataset) -> list[dict[str, Any]]:
    """The SPEC §3 records of the scored rows that succeeded, in order (small datasets)."""
    return [json.loads(r) for r, ok in zip(scored["record"], scored["ok"], strict=True) if ok]
