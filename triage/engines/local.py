"""Local engine: bounded batches through the pipeline, in-process or in worker processes.

Records stream from the readers in chunks of ``batch_size`` documents; with
``workers > 1`` each chunk goes to a pool of processes (each builds the
pipeline once, in its initializer) and at most ``2 × workers`` chunks are in
flight, so memory stays flat in the input size. Results come back in input
order whatever the number of workers; reader errors keep their place.

Workers start with ``spawn``: forking a parent that already runs torch or
OpenMP thread pools can deadlock the children.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from triage.config import PipelineConfig, load_pipeline_config
from triage.engines.sink import ProgressFn, ResultSink
from triage.errors import Code, ConfigError, RecordError
from triage.io.options import ReaderOptions
from triage.io.sources import read_inputs
from triage.output import to_output_record
from triage.pipeline import Pipeline
from triage.registrations import resolve_stage
from triage.stage import Doc
from triage.summary import RunSummary

Item = Doc | RecordError
Result = dict[str, Any] | RecordError
Overrides = Mapping[str, Mapping[str, Any]]

_worker_pipeline: Pipeline | None = None


def build_pipeline(config_path: Path | str | None, overrides: Overrides | None = None) -> Pipeline:
    """Build and set up the pipeline, turning a missing stage module into a ConfigError."""
    check_stages(load_pipeline_config(config_path))
    try:
        pipe = Pipeline.from_config(
            config_path, **{k: dict(v) for k, v in (overrides or {}).items()}
        )
    except ImportError as exc:
        raise ConfigError(f"pipeline names a stage that cannot be imported: {exc}") from exc
    try:
        pipe.setup()
    except Exception as exc:  # noqa: BLE001 - a missing model or resource: one clear line
        raise ConfigError(f"pipeline setup failed: {type(exc).__name__}: {exc}") from exc
    # Models, vocabularies and dictionaries live as long as the process: out of the garbage
    # collector's view, a full collection no longer walks them (~0.2 s each, several a batch).
    gc.collect()
    gc.freeze()
    return pipe


def check_stages(config: PipelineConfig) -> None:
    """Import every stage class of a config (no models loaded); ConfigError if one is missing."""
    for spec in config.stages:
        try:
            resolve_stage(spec.factory)
        except (ImportError, AttributeError) as exc:
            raise ConfigError(
                f"{config.path}: stage {spec.name!r} ({spec.factory}) cannot be imported: {exc}"
            ) from exc


def score_docs(pipeline: Pipeline, docs: Sequence[Doc]) -> list[Result]:
    """Run one batch and serialise each record; a record that cannot be serialised is an error.

    A record whose redaction did not complete is never serialised (fail closed).
    """
    out: list[Result] = []
    for item in pipeline.run_docs(docs):
        if isinstance(item, RecordError):
            out.append(item)
            continue
        try:
            out.append(to_output_record(item, pipeline))
        except Exception as exc:  # noqa: BLE001 - one record's failure must not stop the run
            code = Code.REDACTION_FAILED if item.redacted is None else Code.STAGE_FAILED
            out.append(
                RecordError(
                    source=item.source,
                    line=item.line,
                    id=item.id,
                    error=code,
                    reason=f"record could not be serialised ({type(exc).__name__})",
                    stage="output",
                )
            )
    return out


def _init_worker(
    config_path: str | None, overrides: Overrides | None, threads: int, log_level: int
) -> None:
    # Runs in a fresh (spawned) process before torch is imported: cap its threads
    # so N workers do not oversubscribe the cores.
    logging.basicConfig(
        level=log_level, format="%(asctime)s %(levelname)s %(name)s[worker] %(message)s"
    )
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(threads)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    global _worker_pipeline
    _worker_pipeline = build_pipeline(config_path, overrides)


def _worker_score(docs: list[Doc]) -> list[Result]:
    if _worker_pipeline is None:  # pragma: no cover - initializer always ran
        raise RuntimeError("worker pipeline not initialised")
    return score_docs(_worker_pipeline, docs)


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Group items into chunks of at most ``size`` Docs (and a bounded number of errors)."""
    chunk: list[Item] = []
    docs = 0
    for item in items:
        chunk.append(item)
        docs += isinstance(item, Doc)
        if docs >= size or len(chunk) >= size * 4:
            yield chunk
            chunk, docs = [], 0
    if chunk:
        yield chunk


def _merge(chunk: list[Item], scored: list[Result]) -> Iterator[Result]:
    """Put scored docs back between the chunk's reader errors, in order."""
    it = iter(scored)
    for item in chunk:
        yield item if isinstance(item, RecordError) else next(it)


def score_items(
    items: Iterable[Item],
    config_path: Path | str | None = None,
    workers: int = 1,
    batch_size: int | None = None,
    overrides: Overrides | None = None,
    pipeline: Pipeline | None = None,
) -> Iterator[Result]:
    """Score a stream of Docs (reader errors pass through), yielding results in input order.

    Args:
        items: Docs and RecordErrors, e.g. from :func:`triage.io.read_inputs`.
        config_path: Pipeline YAML (default ``pipelines/default.yaml``).
        workers: Worker processes; 1 runs in this process.
        batch_size: Docs per batch (default: the config's ``batch_size``).
        overrides: Per-stage settings overrides.
        pipeline: An already built pipeline to use in-process (``workers`` must be 1).
    """
    if workers < 1:
        raise ValueError("workers must be >= 1")
    size = batch_size or (pipeline.config.batch_size if pipeline else None)
    if size is None:
        size = load_pipeline_config(config_path).batch_size
    if workers == 1:
        pipe = pipeline or build_pipeline(config_path, overrides)
        for chunk in _chunks(items, size):
            docs = [i for i in chunk if isinstance(i, Doc)]
            yield from _merge(chunk, score_docs(pipe, docs) if docs else [])
        return
    if pipeline is not None:
        raise ValueError("a prebuilt pipeline runs in-process only (workers=1)")
    threads = max(1, (os.cpu_count() or 1) // workers)
    ctx = multiprocessing.get_context("spawn")
    cfg = str(config_path) if config_path is not None else None
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(cfg, overrides, threads, logging.getLogger().getEffectiveLevel()),
    ) as pool:
        pending: deque[tuple[list[Item], Future[list[Result]] | None]] = deque()
        started = False

        def collect() -> list[Result]:
            nonlocal started
            done_chunk, fut = pending.popleft()
            try:
                scored = fut.result() if fut else []
            except BrokenProcessPool as exc:
                if started:
                    raise
                # The initializer failed in every worker (e.g. a model file is missing);
                # the workers printed why.
                raise ConfigError(
                    "worker processes could not build the pipeline (see the messages above)"
                ) from exc
            started = started or fut is not None
            return list(_merge(done_chunk, scored))

        for chunk in _chunks(items, size):
            docs = [i for i in chunk if isinstance(i, Doc)]
            pending.append((chunk, pool.submit(_worker_score, docs) if docs else None))
            while len(pending) > 2 * workers:
                yield from collect()
        while pending:
            yield from collect()


def _skipping(items: Iterable[Item], skip_ids: Container[Any], sink: ResultSink) -> Iterator[Item]:
    # Docs are skipped by id; reader errors by (source, line) when the container
    # holds such keys (triage.engines.resume.ResumeState does).
    for item in items:
        key = item.id if isinstance(item, Doc) else (item.source, item.line)
        if key in skip_ids:
            sink.skip()
            continue
        yield item


def run_local(
    inputs: Sequence[str | Path],
    pipeline_config: Path | str | None,
    out: str | Path,
    errors: str | Path,
    workers: int = 1,
    reader: ReaderOptions | None = None,
    skip_ids: Container[str] | None = None,
    append: bool = False,
    progress: ProgressFn | None = None,
    batch_size: int | None = None,
    overrides: Overrides | None = None,
) -> RunSummary:
    """Score input files into an output file and an errors file.

    Every non-blank input record ends up either in ``out`` or in ``errors``, in
    input order.

    Args:
        inputs: Input files or folders (any supported format).
        pipeline_config: Pipeline YAML (None: ``pipelines/default.yaml``).
        out: Scored records (JSONL, SPEC §3).
        errors: Errors file (JSONL, one ``{"source","line","id","error","reason"}`` per line).
        workers: Worker processes (1: in this process).
        reader: Reader options; size limits default to the pipeline config's ``limits``.
        skip_ids: Ids to skip without scoring (resume); counted as ``skipped``.
        append: Append to ``out``/``errors`` instead of truncating them.
        progress: Called with 1 after each record (scored, failed or skipped).
        batch_size: Docs per batch (default from the config).
        overrides: Per-stage settings overrides.

    Returns:
        The run summary.

    Raises:
        UsageError: an input path is unusable.
        ConfigError: the pipeline configuration is invalid.
    """
    config: PipelineConfig = load_pipeline_config(pipeline_config)
    options = reader or ReaderOptions()
    if not options.limits:
        options = dataclasses.replace(options, limits=config.limits)
    items: Iterable[Item] = read_inputs(inputs, options)
    # Fail on a broken configuration before any output file is opened.
    pipeline = build_pipeline(config.path, overrides) if workers == 1 else None
    if pipeline is None:
        check_stages(config)
    with ResultSink(out, errors, append=append, progress=progress) as sink:
        if skip_ids:
            items = _skipping(items, skip_ids, sink)
        for result in score_items(
            items,
            config_path=config.path,
            workers=workers,
            batch_size=batch_size or config.batch_size,
            overrides=overrides,
            pipeline=pipeline,
        ):
            sink.put(result)
    summary = sink.summary
    summary.pipeline, summary.version, summary.workers = config.name, config.version, workers
    return summary


run = run_local
"""Every engine module exposes ``run`` with :func:`run_local`'s keyword arguments."""
