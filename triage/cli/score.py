"""``triage score``: batch-score input files into SPEC §3 records, errors and a report."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from triage.config import DEFAULT_CONFIG, load_pipeline_config
from triage.errors import UsageError
from triage.io.options import ReaderOptions, SpeakerMap, load_asr_defaults
from triage.io.sources import estimate_records, expand_inputs
from triage.schema import CHANNELS
from triage.summary import RunSummary

ENGINES = ("local", "ray")
ENGINE_MODULES = {"ray": "ray_engine"}
"""Engine name -> module in ``triage.engines`` (``ray`` would shadow the ray package)."""


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``score`` command."""
    p = subparsers.add_parser(
        "score",
        help="score transcripts and chats (JSONL, CSV, FunASR/Whisper JSON)",
        description=(
            "Redact, classify, QA-score, route and flag every record of the inputs. "
            "Each non-blank input record ends up either in OUT or in the errors file."
        ),
    )
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="files or folders ('-': JSONL on stdin)"
    )
    p.add_argument("-o", "--output", required=True, metavar="OUT.jsonl", help="scored records")
    p.add_argument("--errors", metavar="ERR.jsonl", help="errors file (default: OUT.errors.jsonl)")
    p.add_argument("--report", metavar="REPORT.html", help="write a self-contained HTML report")
    p.add_argument(
        "--config", default=str(DEFAULT_CONFIG), metavar="YAML", help="pipeline configuration"
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (default 1); --engine ray: actors, 0 = one per CPU of the cluster",
    )
    p.add_argument(
        "--engine",
        default="local",
        choices=ENGINES,
        help="execution engine: local processes (default) or a Ray Data actor pool",
    )
    p.add_argument(
        "--batch-size", type=int, metavar="N", help="records per batch (default: config)"
    )
    p.add_argument("--strict", action="store_true", help="exit 3 if any record failed")
    p.add_argument("--db", metavar="URL", help="also store the scored records in the review store")
    p.add_argument(
        "--speaker-map",
        metavar="MAP",
        help="ASR speaker labels to roles: '0=agent,1=customer' or a YAML file "
        "(default pipelines/asr.yaml)",
    )
    p.add_argument(
        "--channel", choices=CHANNELS, help="channel of records that give none (ASR files: call)"
    )
    p.add_argument("--encoding", metavar="NAME", help="force the input encoding (default: detect)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument(
        "--resume",
        action="store_true",
        help="continue a killed run: keep OUT and the errors file (a partial last line is "
        "cut), skip records already written, append the rest",
    )
    p.add_argument(
        "--shards",
        type=int,
        metavar="N",
        help="--engine ray: write N ordered shard files OUT-0000i-of-0000N.jsonl",
    )
    p.set_defaults(func=run)


def default_errors_path(out: Path) -> Path:
    """``OUT.errors.jsonl`` beside ``OUT.jsonl``."""
    name = out.name[: -len(".jsonl")] if out.name.endswith(".jsonl") else out.name
    return out.with_name(name + ".errors.jsonl")


def _check_output(path: Path, inputs: list[Path], what: str) -> None:
    if path.is_dir():
        raise UsageError(f"{what} {path}: is a folder")
    resolved = path.resolve()
    if any(str(i) != "-" and i.resolve() == resolved for i in inputs):
        raise UsageError(f"{what} {path}: is also an input")
    parent = resolved.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise UsageError(f"{what} {path}: parent is not a folder")


def reader_options(args: argparse.Namespace, limits: dict[str, int]) -> ReaderOptions:
    """Reader options from the command line and ``pipelines/asr.yaml``."""
    speaker_map, asr_channel = load_asr_defaults()
    if args.speaker_map:
        speaker_map = SpeakerMap.parse(args.speaker_map)
    if args.encoding:
        import codecs

        try:
            codecs.lookup(args.encoding)
        except LookupError:
            raise UsageError(f"--encoding: unknown encoding {args.encoding!r}") from None
    return ReaderOptions(
        limits=limits,
        channel=args.channel,
        speaker_map=speaker_map,
        asr_channel=args.channel or asr_channel,
        encoding=args.encoding,
    )


def _engine(name: str) -> Any:
    """The ``run`` function of engine module ``triage.engines.<name>``."""
    module_name = f"triage.engines.{ENGINE_MODULES.get(name, name)}"
    if importlib.util.find_spec(module_name) is None:
        raise UsageError(f"--engine {name}: {module_name} is not available in this build")
    return importlib.import_module(module_name).run


def progress_bar(inputs: list[Path], enabled: bool = True) -> Any:
    """A tqdm bar on stderr (records/s, ETA) when stderr is a terminal, else None."""
    if not enabled or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    try:
        size = os.get_terminal_size(sys.stderr.fileno())
    except OSError:
        size = os.terminal_size((0, 0))
    # A terminal that reports no size (some CI ptys) would make tqdm hide the bar.
    return tqdm(
        total=estimate_records(inputs),
        unit="rec",
        file=sys.stderr,
        dynamic_ncols=size.columns > 0,
        ncols=None if size.columns > 0 else 100,
        nrows=None if size.lines > 0 else 24,
        desc="scoring",
        smoothing=0.1,
    )


def _iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def store_records(url: str, out: Path) -> int:
    """Ingest the scored output file into the review store (streamed).

    Raises:
        UsageError: the store refused the records or could not be reached; the
            message has the error type and the URL without its password.
    """
    from triage.store.ingest import ingest_records

    try:
        return int(ingest_records(url, _iter_jsonl(out)))
    except Exception as exc:  # noqa: BLE001 - one clear line instead of a driver traceback
        text = str(exc).strip()
        first = text.splitlines()[0][:160] if text else ""
        raise UsageError(
            f"--db {_safe_url(url)}: records not stored ({type(exc).__name__}: {first}); "
            f"the scored output is in {out}"
        ) from exc


def _safe_url(url: str) -> str:
    try:
        from triage.store.db import resolve_url, safe_url

        return str(safe_url(resolve_url(url)))
    except Exception:  # noqa: BLE001 - never echo a password, even of a malformed URL
        return "<database URL>"


def check_store(url: str) -> None:
    """Fail early (exit 2) when ``--db`` cannot work: no store module or a malformed URL."""
    if importlib.util.find_spec("triage.store") is None or (
        importlib.util.find_spec("triage.store.ingest") is None
    ):
        raise UsageError(
            "--db: the review store (triage.store.ingest) is not available in this build"
        )
    from sqlalchemy.engine import make_url

    from triage.store.db import resolve_url

    try:
        make_url(resolve_url(url))
    except Exception as exc:  # noqa: BLE001
        raise UsageError(f"--db: not a database URL ({type(exc).__name__})") from exc


def run(args: argparse.Namespace) -> int:
    """Run ``triage score``; returns the exit code."""
    if args.workers < 1 and not (args.workers == 0 and args.engine == "ray"):
        raise UsageError("--workers must be at least 1 (0 only with --engine ray)")
    if args.batch_size is not None and args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    if args.shards is not None and (args.engine != "ray" or args.shards < 1):
        raise UsageError("--shards N (N >= 1) needs --engine ray")
    if args.shards is not None and args.resume:
        raise UsageError("--resume works with merged output only (no --shards)")
    if args.engine == "ray":
        from triage.engines.ray_engine import plan_inputs

        plan_inputs(args.inputs)  # checks the paths; also Parquet and saved HF datasets
        inputs = [Path(i) for i in args.inputs]
    else:
        inputs = expand_inputs(args.inputs)
    out = Path(args.output)
    errors = Path(args.errors) if args.errors else default_errors_path(out)
    report = Path(args.report) if args.report else None
    for path, what in ((out, "output"), (errors, "errors file"), (report, "report")):
        if path is not None:
            _check_output(path, inputs, what)
    if len({out.resolve(), errors.resolve()}) < 2:
        raise UsageError("the output and errors files must differ")
    config = load_pipeline_config(args.config)
    options = reader_options(args, config.limits)
    engine_run = _engine(args.engine)
    if args.db:
        check_store(args.db)

    extra: dict[str, Any] = {}
    if args.shards is not None:
        extra["shards"] = args.shards
    if args.resume:
        from triage.engines.resume import prepare_resume

        state = prepare_resume(out, errors)
        if state is not None:
            extra.update(skip_ids=state, append=True)

    bar = progress_bar(inputs, not args.no_progress)
    try:
        summary: RunSummary = engine_run(
            inputs=inputs,
            pipeline_config=config.path,
            out=out,
            errors=errors,
            workers=args.workers,
            reader=options,
            progress=bar.update if bar is not None else None,
            batch_size=args.batch_size,
            **extra,
        )
    finally:
        if bar is not None:
            bar.close()

    print(summary.format_text())
    print(f"scored records: {out}")
    print(f"errors file:    {errors}")
    if report is not None:
        from triage.report import write_report

        write_report(summary, report)
        print(f"HTML report:    {report}")
    if args.db:
        stored = store_records(args.db, out)
        print(f"review store:   {stored} records written")
    if args.strict and summary.errors:
        return 3
    return 0
