"""``triage demo``: score every sample in ``data_samples/`` and show where everything went."""

from __future__ import annotations

import argparse
import importlib.util
import time
from pathlib import Path

from triage.config import DEFAULT_CONFIG, REPO_ROOT, load_pipeline_config
from triage.engines.local import run_local
from triage.errors import UsageError
from triage.io.options import ReaderOptions, load_asr_defaults
from triage.io.sources import expand_inputs

SAMPLES_DIR = REPO_ROOT / "data_samples"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``demo`` command."""
    p = subparsers.add_parser(
        "demo",
        help="score data_samples/ and write output, errors, HTML report and review store",
        description=(
            "Scores every input in data_samples/ (JSONL, GBK CSV, FunASR and Whisper JSON) "
            "with the default pipeline. Writes DIR/scored.jsonl, DIR/scored.errors.jsonl, "
            "DIR/report.html and, when the review store is installed, the SQLite database "
            "DIR/review.db."
        ),
    )
    p.add_argument(
        "--out", default="out/demo", metavar="DIR", help="output folder (default out/demo)"
    )
    p.add_argument(
        "--samples",
        default=str(SAMPLES_DIR),
        metavar="DIR",
        help="input folder (default data_samples/)",
    )
    p.add_argument(
        "--config", default=str(DEFAULT_CONFIG), metavar="YAML", help="pipeline configuration"
    )
    p.add_argument(
        "--workers", type=int, default=1, metavar="N", help="worker processes (default 1)"
    )
    p.add_argument("--db", metavar="URL", help="review store URL (default sqlite:///DIR/review.db)")
    p.add_argument("--no-db", action="store_true", help="do not write the review store")
    p.set_defaults(func=run)


def _shown(path: Path) -> str:
    """A path relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _store_available() -> bool:
    return (
        importlib.util.find_spec("triage.store") is not None
        and importlib.util.find_spec("triage.store.ingest") is not None
    )


def run(args: argparse.Namespace) -> int:
    """Run the demo; returns the exit code."""
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    t0 = time.perf_counter()
    out_dir = Path(args.out)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"--out {out_dir}: not a folder")
    inputs = expand_inputs([args.samples])
    out = out_dir / "scored.jsonl"
    errors = out_dir / "scored.errors.jsonl"
    report = out_dir / "report.html"
    config = load_pipeline_config(args.config)
    speaker_map, asr_channel = load_asr_defaults()
    reader = ReaderOptions(limits=config.limits, speaker_map=speaker_map, asr_channel=asr_channel)

    print(f"scoring {len(inputs)} input files from {_shown(Path(args.samples))} …", flush=True)
    from triage.cli.score import progress_bar

    bar = progress_bar(inputs)
    try:
        summary = run_local(
            inputs=inputs,
            pipeline_config=config.path,
            out=out,
            errors=errors,
            workers=args.workers,
            reader=reader,
            progress=bar.update if bar is not None else None,
        )
    finally:
        if bar is not None:
            bar.close()

    from triage.report import write_report

    write_report(summary, report)
    db_line = "review store:   not written (--no-db)"
    kpi_db: str | None = None
    if not args.no_db:
        if _store_available():
            from triage.cli.score import store_records

            url = args.db or f"sqlite:///{(out_dir / 'review.db').resolve()}"
            stored = store_records(url, out)
            db_line = f"review store:   {url} ({stored} records; flagged ones queued for review)"
            kpi_db = url
        else:
            db_line = "review store:   skipped (triage.store.ingest is not available in this build)"

    # KPIs, monthly appraisal and surge alerts (issue 9): from the store when written.
    from triage.kpi.demo import kpi_demo

    if kpi_db is not None:
        kpi = kpi_demo(out_dir, db_url=kpi_db)
    else:
        kpi = kpi_demo(out_dir, scored_jsonl=out)

    print()
    print("== triage demo summary ==")
    print(f"inputs:         {', '.join(_shown(p) for p in inputs)}")
    print(summary.format_text())
    print(f"scored output:  {out}")
    print(f"errors file:    {errors}")
    print(f"HTML report:    {report}")
    print(db_line)
    if kpi_db is not None:
        from triage.store.hints import review_app_hint

        prog = ".venv/bin/triage" if Path(".venv/bin/triage").exists() else "triage"
        print(review_app_hint(kpi_db, prog=prog))
    print(f"appraisal report: {kpi['report_html']} (CSV {kpi['report_csv']})")
    print(f"surge alerts:   {kpi['alerts_json']}")
    print(f"demo finished in {time.perf_counter() - t0:.1f}s (including model loading)")
    return 0
