"""Ray engine: the pipeline on a Ray Data actor pool, on one machine or a cluster.

``triage score … --engine ray`` runs three Ray Data operators::

    input units ──read (tasks)──▶ items ──score (actor pool)──▶ results ──▶ merged file
                                                                      └──▶ N shard files

- **read**: one task per input unit (a text file, a Parquet file, or a slice of
  rows of a saved Hugging Face dataset). Text files go through the same
  readers as the local engine (:func:`triage.io.sources.read_file`), so the
  formats, encodings, validation and error codes are identical; Parquet files
  and saved datasets hold one record per row with the JSON record's fields as
  columns. A read task emits one Ray row per *scoring batch* (a chunk of up to
  ``batch_size`` records, pickled :class:`~triage.stage.Doc` /
  :class:`~triage.errors.RecordError` objects, so nothing is lost in an Arrow
  round trip), and each chunk is its own Ray block (``_BLOCK_BYTES``): Ray
  Data would otherwise merge a task's output into blocks of up to 128 MB, so
  one input file became a single block, scored by a single actor, with every
  result reaching the driver only at the end.
- **score**: ``map_batches`` with a class-based UDF on an actor pool of
  ``workers`` actors (default: one per CPU of the cluster); each actor builds
  and sets up the pipeline once, in its constructor (models load once per
  actor, not per batch, and the pipeline object is never serialised). One
  actor task scores one chunk, so chunks spread over the pool as they are read
  and results stream back while the rest is still being scored.
- **write**: merged (default) — the driver streams results in input order
  (Ray Data ``preserve_order``) into the same :class:`ResultSink` as the local
  engine, so output, errors file, ids and summary match the local engine
  record for record; sharded (``shards=N``) — the results are split into N
  contiguous, ordered parts written by Ray write tasks as
  ``OUT-00000-of-0000N.jsonl``…, and the errors come back to the driver and go
  to the one errors file.

Ray is started locally (temp dir under ``/tmp``) unless ``RAY_ADDRESS`` names
an existing cluster or Ray is already initialised in this process. On a
cluster every node needs the ``triage`` package and the model files installed
at the same paths, and the input/output paths must be on storage that every
node sees.
"""

from __future__ import annotations

import json
import os
import pickle
import tempfile
import time
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.config import load_pipeline_config
from triage.engines.sink import ProgressFn, ResultSink
from triage.errors import Code, RecordError, UsageError
from triage.io.options import ReaderOptions
from triage.io.sources import dedupe, expand_inputs, read_file
from triage.io.validate import to_doc
from triage.io.writers import JsonlWriter
from triage.stage import Doc
from triage.summary import RunSummary

Overrides = Mapping[str, Mapping[str, Any]]

HF_ROWS_PER_TASK = 20_000
"""Rows of a saved Hugging Face dataset read by one task."""
READ_BLOCK = 256
"""Rows fetched at a time from a Parquet file or a saved dataset."""
_BLOCK_BYTES = 1
"""Ray Data ``target_max_block_size`` while a job runs: every chunk row is larger, so each
chunk becomes one block and one actor task (see the module docstring)."""

# Item kinds inside a chunk.
DOC, ERR, SKIP = "doc", "err", "skip"
OUT = "out"
CHUNK = "chunk"
"""The one column between the operators: a pickled list of item tuples."""

ItemRow = tuple[str, str, str, int, bool, bytes]
"""(kind, id, source, line, from_doc, pickled item) as read."""
ResultRow = tuple[str, str, str, int, bool, str]
"""(kind, id, source, line, from_doc, JSON text) as scored."""


@dataclass(frozen=True)
class InputUnit:
    """One unit of reading work.

    Attributes:
        path: File or dataset folder.
        kind: ``text`` (JSONL/CSV/JSON, any encoding), ``parquet`` or ``hf``.
        start: First row (``hf`` only).
        stop: Row after the last one (``hf`` only).
    """

    path: str
    kind: str
    start: int = 0
    stop: int = 0


def is_hf_dataset_dir(path: Path) -> bool:
    """True for a folder written by ``datasets.Dataset.save_to_disk``."""
    return (
        path.is_dir() and (path / "state.json").is_file() and (path / "dataset_info.json").is_file()
    )


def plan_inputs(inputs: Sequence[str | Path]) -> list[InputUnit]:
    """Expand the inputs into reading units, in input order.

    Parquet files (``.parquet``) and saved Hugging Face datasets are read as
    tables; everything else goes through :func:`triage.io.sources.expand_inputs`.

    Raises:
        UsageError: an input is missing or of an unknown format.
    """
    units: list[InputUnit] = []
    for raw in inputs:
        p = Path(raw)
        if str(raw) == "-":
            raise UsageError("--engine ray cannot read standard input; give files")
        if is_hf_dataset_dir(p):
            import datasets

            n = len(datasets.load_from_disk(str(p)))
            for start in range(0, n, HF_ROWS_PER_TASK):
                stop = min(n, start + HF_ROWS_PER_TASK)
                units.append(InputUnit(str(p), "hf", start, stop))
            continue
        if p.is_file() and p.suffix.lower() == ".parquet":
            units.append(InputUnit(str(p), "parquet"))
            continue
        if p.is_dir():
            parquet = sorted(f for f in p.rglob("*.parquet") if not f.name.startswith("."))
            units.extend(InputUnit(str(f), "parquet") for f in parquet)
            try:
                texts = expand_inputs([p])
            except UsageError:
                if not parquet:
                    raise
                texts = []
            units.extend(InputUnit(str(f), "text") for f in texts)
            continue
        units.extend(InputUnit(str(f), "text") for f in expand_inputs([p]))
    return units


def _strip_nulls(value: Any) -> Any:
    """Drop null fields that a columnar format adds for keys a record did not have."""
    if isinstance(value, dict):
        return {k: _strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip_nulls(v) for v in value]
    return value


def table_rows_to_items(
    rows: Iterable[dict[str, Any]], source: str, first_line: int, options: ReaderOptions
) -> Iterator[Doc | RecordError]:
    """Validate table rows (Parquet, HF dataset) as records; ``line`` is the 1-based row."""
    for n, row in enumerate(rows, start=first_line):
        yield to_doc(_strip_nulls(row), source, n, options)


def read_unit(unit: InputUnit, options: ReaderOptions) -> Iterator[Doc | RecordError]:
    """Every item of one reading unit, in order."""
    if unit.kind == "text":
        yield from read_file(Path(unit.path), options)
    elif unit.kind == "parquet":
        import pyarrow.parquet as pq

        line = 1
        for batch in pq.ParquetFile(unit.path).iter_batches(batch_size=READ_BLOCK):
            rows = batch.to_pylist()
            yield from table_rows_to_items(rows, unit.path, line, options)
            line += len(rows)
    elif unit.kind == "hf":
        import datasets

        ds = datasets.load_from_disk(unit.path)
        for start in range(unit.start, unit.stop, READ_BLOCK):
            stop = min(unit.stop, start + READ_BLOCK)
            rows = ds.select(range(start, stop)).to_list()
            yield from table_rows_to_items(rows, unit.path, start + 1, options)
    else:  # pragma: no cover - plan_inputs makes only the kinds above
        raise ValueError(f"unknown input kind {unit.kind!r}")


def _item_row(item: Doc | RecordError, skipped: bool = False) -> ItemRow:
    kind = SKIP if skipped else (DOC if isinstance(item, Doc) else ERR)
    blob = b"" if skipped else pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
    return (kind, item.id or "", item.source, item.line, isinstance(item, Doc), blob)


def _pack(rows: list[Any]) -> dict[str, list[bytes]]:
    """One chunk as a one-row batch."""
    return {CHUNK: [pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)]}


def _unpack(batch: Mapping[str, Any]) -> Iterator[list[Any]]:
    for blob in batch[CHUNK]:
        yield pickle.loads(bytes(blob))


class ReadUnits:
    """Read task body: input units in, chunks of item rows out (ids already written skipped).

    Args:
        options: Reader options.
        skip_ids: Ids (and ``(source, line)`` of reader errors) already written.
        block: Records to score per chunk (the scoring batch size); a chunk also
            closes at ``4 × block`` items when most of them need no scoring.
    """

    def __init__(
        self, options: ReaderOptions, skip_ids: Container[Any] | None, block: int = READ_BLOCK
    ) -> None:
        self.options = options
        self.block = block
        self.skip_ids: Container[Any] = skip_ids if skip_ids is not None else frozenset()

    def __call__(self, batch: Mapping[str, Any]) -> Iterator[dict[str, list[bytes]]]:
        for blob in batch["unit"]:
            unit: InputUnit = pickle.loads(bytes(blob))
            rows: list[ItemRow] = []
            docs = 0
            # Duplicate ids inside one unit become E113 here (as in the local engine);
            # across units the merged writer catches them.
            for item in dedupe(read_unit(unit, self.options)):
                key = item.id if isinstance(item, Doc) else (item.source, item.line)
                row = _item_row(item, key in self.skip_ids)
                rows.append(row)
                docs += row[0] == DOC
                if docs >= self.block or len(rows) >= 4 * self.block:
                    yield _pack(rows)
                    rows, docs = [], 0
            if rows:
                yield _pack(rows)


class ScoreActor:
    """Actor body: builds the pipeline once, then scores batches of item rows.

    Args:
        config_path: Pipeline YAML.
        overrides: Per-stage settings overrides.
    """

    def __init__(self, config_path: str, overrides: Overrides | None = None) -> None:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from triage.engines.local import build_pipeline

        self.pipeline = build_pipeline(config_path, overrides)

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, list[bytes]]:
        return {CHUNK: [pickle.dumps(self.score_chunk(rows)) for rows in _unpack(batch)]}

    def score_chunk(self, rows: list[ItemRow]) -> list[ResultRow]:
        """Score the chunk's documents as one pipeline batch; results in chunk order."""
        from triage.engines.local import score_docs

        items = [pickle.loads(r[5]) if r[0] != SKIP else None for r in rows]
        docs = [i for i in items if isinstance(i, Doc)]
        scored = iter(score_docs(self.pipeline, docs) if docs else [])
        out: list[ResultRow] = []
        for (kind, rid, source, line, from_doc, _), item in zip(rows, items, strict=True):
            result: Any = next(scored) if isinstance(item, Doc) else item
            if kind == SKIP:
                out.append((SKIP, rid, source, line, from_doc, ""))
            elif isinstance(result, RecordError):
                text = json.dumps(result.to_dict(), ensure_ascii=False)
                out.append((ERR, rid, source, line, from_doc, text))
            else:
                text = json.dumps(result, ensure_ascii=False)
                out.append((OUT, rid, source, line, from_doc, text))
        return out


def _error_from_json(text: str) -> RecordError:
    d = json.loads(text)
    return RecordError(
        source=d["source"],
        line=d["line"],
        error=d["error"],
        reason=d["reason"],
        id=d.get("id"),
        stage=d.get("stage"),
    )


def shard_paths(out: Path, shards: int) -> list[Path]:
    """``OUT-00000-of-0000N.jsonl`` … beside ``OUT.jsonl``."""
    stem = out.name[: -len(".jsonl")] if out.name.endswith(".jsonl") else out.name
    return [out.with_name(f"{stem}-{i:05d}-of-{shards:05d}.jsonl") for i in range(shards)]


def _make_shard_sink(paths: list[str]) -> Any:
    import ray.data

    class ShardSink(ray.data.Datasink):
        """Write task ``i`` writes shard ``i``; errors go back to the driver."""

        def __init__(self) -> None:
            self.returns: list[dict[str, Any]] = []

        def on_write_complete(self, write_result: Any) -> None:
            self.returns = list(write_result.write_returns)

        def write(self, blocks: Iterable[Any], ctx: Any) -> dict[str, Any]:
            errors: list[str] = []
            written = 0
            idx = ctx.task_idx
            with open(paths[idx], "w", encoding="utf-8", newline="\n") as fh:
                for block in blocks:
                    for kind, text in zip(
                        block["kind"].to_pylist(), block["json"].to_pylist(), strict=True
                    ):
                        if kind == OUT:
                            fh.write(text + "\n")
                            written += 1
                        elif kind == ERR:
                            errors.append(text)
            return {"task": idx, "written": written, "errors": errors}

    return ShardSink()


def start_local_ray(
    num_cpus: int | None = None, temp_dir: str | None = None, attempts: int = 3
) -> None:
    """Start a local Ray, retrying: on a busy machine its node can miss Ray's 30 s start-up wait.

    Args:
        num_cpus: CPUs Ray may use (None: all).
        temp_dir: Ray's temp dir (default ``$TRIAGE_RAY_TMPDIR`` or ``/tmp/ray``).
        attempts: Tries before giving up.
    """
    import ray

    temp = temp_dir or os.environ.get(
        "TRIAGE_RAY_TMPDIR", os.path.join(tempfile.gettempdir(), "ray")
    )
    for attempt in range(1, attempts + 1):
        try:
            ray.init(
                num_cpus=num_cpus, _temp_dir=temp, log_to_driver=False, include_dashboard=False
            )
            return
        except Exception:  # noqa: BLE001 - Ray raises a bare Exception on a start-up timeout
            ray.shutdown()
            if attempt == attempts:
                raise
            time.sleep(2.0 * attempt)


def _connect(num_cpus: int | None) -> bool:
    """Connect to ``RAY_ADDRESS`` or start a local Ray; True when this call started it."""
    import ray

    if ray.is_initialized():
        return False
    address = os.environ.get("RAY_ADDRESS")
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        start_local_ray(num_cpus)
    return True


def build_dataset(
    units: Sequence[InputUnit],
    config_path: str,
    options: ReaderOptions,
    workers: int,
    batch_size: int,
    skip_ids: Container[str] | None = None,
    overrides: Overrides | None = None,
) -> Any:
    """The lazy Ray dataset of scored chunks (column ``chunk``: pickled result rows).

    Ray must be initialised and the Ray Data context set (:func:`_data_context`).
    Read tasks ask for no CPU so that an actor pool as large as the machine
    cannot starve them (they are light: parsing only). One actor task scores
    one chunk of ``batch_size`` records.
    """
    import ray.data

    units_ds = ray.data.from_items(
        [{"unit": pickle.dumps(u)} for u in units], override_num_blocks=max(1, len(units))
    )
    items = units_ds.map_batches(_read_fn(options, skip_ids, batch_size), batch_size=1, num_cpus=0)
    return items.map_batches(
        ScoreActor,
        fn_constructor_args=(config_path, overrides),
        batch_size=1,
        concurrency=workers,
        num_cpus=1,
    )


@contextmanager
def _data_context() -> Iterator[None]:
    """Ray Data settings for a scoring job (ordered, one chunk per block), restored after."""
    import ray.data

    ctx = ray.data.DataContext.get_current()
    saved = (
        ctx.execution_options.preserve_order,
        ctx.target_max_block_size,
        ctx.enable_progress_bars,
        ctx.print_on_execution_start,
    )
    ctx.execution_options.preserve_order = True
    ctx.target_max_block_size = _BLOCK_BYTES
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    try:
        yield
    finally:
        (
            ctx.execution_options.preserve_order,
            ctx.target_max_block_size,
            ctx.enable_progress_bars,
            ctx.print_on_execution_start,
        ) = saved


def cluster_cpus() -> int:
    """CPUs of the connected Ray cluster (at least 1)."""
    import ray

    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def _read_fn(options: ReaderOptions, skip: Container[Any] | None, block: int) -> Any:
    reader = ReadUnits(options, skip, block)

    def read(batch: Mapping[str, Any]) -> Iterator[dict[str, list[bytes]]]:
        yield from reader(batch)

    return read


def run_ray(
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
    shards: int | None = None,
) -> RunSummary:
    """Score input files on Ray; arguments and result as :func:`~triage.engines.local.run_local`.

    Args:
        inputs: Files or folders (JSONL/CSV/JSON as the local engine, ``.parquet``
            files, folders saved by ``datasets.Dataset.save_to_disk``).
        pipeline_config: Pipeline YAML (None: ``pipelines/default.yaml``).
        out: Scored records (JSONL); with ``shards`` the base name of the shards.
        errors: Errors file (always one file, in input order).
        workers: Actors in the scoring pool, one CPU each (0: one per CPU of the cluster).
        reader: Reader options; size limits default to the pipeline config's.
        skip_ids: Ids already written (resume; merged output only).
        append: Append to ``out``/``errors`` (resume; merged output only).
        progress: Called with 1 per record (merged output only).
        batch_size: Records per ``map_batches`` batch (default: the config's).
        overrides: Per-stage settings overrides.
        shards: Write N ordered shard files instead of one merged file.

    Returns:
        The run summary (for sharded output, computed from the shard files).
    """
    if workers < 0:
        raise UsageError("--workers must be at least 1 (0: one actor per CPU)")
    if shards is not None and shards < 1:
        raise UsageError("--shards must be at least 1")
    if shards is not None and (append or skip_ids):
        raise UsageError("--resume works with merged output only (no --shards)")
    config = load_pipeline_config(pipeline_config)
    options = reader or ReaderOptions(limits=config.limits)
    if not options.limits:
        options = ReaderOptions(
            limits=config.limits,
            channel=options.channel,
            speaker_map=options.speaker_map,
            asr_channel=options.asr_channel,
            encoding=options.encoding,
        )
    units = plan_inputs(inputs)
    t0 = time.perf_counter()
    started = _connect(num_cpus=None)
    try:
        workers = workers or cluster_cpus()
        with _data_context():
            ds = build_dataset(
                units,
                str(config.path),
                options,
                workers,
                batch_size or config.batch_size,
                skip_ids,
                overrides,
            )
            if shards is None:
                summary = _write_merged(ds, Path(out), Path(errors), append, progress, skip_ids)
            else:
                summary = _write_sharded(ds, Path(out), Path(errors), shards)
    finally:
        if started:
            import ray

            ray.shutdown()
    if shards is not None:
        summary.seconds = time.perf_counter() - t0
    summary.pipeline, summary.version, summary.workers = config.name, config.version, workers
    return summary


def _write_merged(
    ds: Any,
    out: Path,
    errors: Path,
    append: bool,
    progress: ProgressFn | None,
    skip_ids: Container[Any] | None = None,
) -> RunSummary:
    seen: set[str] = set()
    with ResultSink(out, errors, append=append, progress=progress) as sink:
        for batch in ds.iter_batches(batch_size=None, batch_format="numpy", prefetch_batches=2):
            rows = [row for chunk in _unpack(batch) for row in chunk]
            for kind, rid, source, line, from_doc, text in rows:
                if from_doc:
                    # Cross-unit duplicate ids: the first one is kept, as in the local engine.
                    if rid in seen:
                        if skip_ids is not None and (str(source), int(line)) in skip_ids:
                            sink.skip()  # this duplicate's error is already written
                            continue
                        sink.put(
                            RecordError(
                                source=str(source),
                                line=int(line),
                                id=str(rid),
                                error=Code.DUPLICATE_ID,
                                reason="id already seen in this run",
                            )
                        )
                        continue
                    seen.add(str(rid))
                if kind == SKIP:
                    sink.skip()
                elif kind == ERR:
                    sink.put(_error_from_json(str(text)))
                else:
                    sink.put(json.loads(str(text)))
    return sink.summary


def _explode(batch: Mapping[str, Any]) -> dict[str, list[str]]:
    """Scored chunks → one row per item (``kind``, ``json``)."""
    rows = [row for chunk in _unpack(batch) for row in chunk]
    return {"kind": [r[0] for r in rows], "json": [r[5] for r in rows]}


def _write_sharded(ds: Any, out: Path, errors: Path, shards: int) -> RunSummary:
    paths = shard_paths(out, shards)
    out.parent.mkdir(parents=True, exist_ok=True)
    for p in paths:
        p.unlink(missing_ok=True)
    sink = _make_shard_sink([str(p) for p in paths])
    # Repartitioning is a barrier anyway; materialising first lets the actor pool go
    # before the split tasks ask for CPUs (with every CPU held by an actor they would wait
    # for ever on a small machine). The chunks are split into one row per record first,
    # so that the shards split records evenly, not chunks.
    scored = ds.materialize()
    import ray.data

    ctx = ray.data.DataContext.get_current()
    ctx.target_max_block_size = ray.data.context.DEFAULT_TARGET_MAX_BLOCK_SIZE
    rows = scored.map_batches(_explode, batch_size=None, num_cpus=0)
    rows.repartition(shards).write_datasink(sink, ray_remote_args={"num_cpus": 0})
    # Shards with no rows get no write task: leave an empty file so there are always N.
    for p in paths:
        if not p.exists():
            p.touch()
    summary = RunSummary()
    with JsonlWriter(errors) as err_out:
        for ret in sorted(sink.returns, key=lambda r: r["task"]):
            for text in ret["errors"]:
                err = _error_from_json(text)
                err_out.write(err.to_dict())
                summary.add_error(err)
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            for line in fh:
                summary.add_record(json.loads(line))
    return summary


run = run_ray
"""Every engine module exposes ``run`` with :func:`triage.engines.local.run_local`'s arguments."""
