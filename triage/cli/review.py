"""``triage review export``: reviewer corrections as a Hugging Face ``datasets`` dataset."""

from __future__ import annotations

import argparse
from pathlib import Path

from triage.cli.db import add_db_option


def _export(args: argparse.Namespace) -> int:
    import datasets

    from triage.store.audit import log_event
    from triage.store.db import ensure_schema, session_scope
    from triage.store.export import export_dataset

    datasets.disable_progress_bars()
    out = Path(args.out)
    with session_scope(ensure_schema(args.db)) as session:
        ds = export_dataset(session, out)
        log_event(session, None, "export", "dataset", "", rows=len(ds), via="cli")
    print(f"{len(ds)} reviewed interactions written to {out} (datasets.load_from_disk)")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``triage review export``."""
    parser = subparsers.add_parser("review", help="review store tools")
    sub = parser.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    exp = sub.add_parser("export", help="export reviewer corrections for retraining")
    exp.add_argument("--out", required=True, help="output folder (Dataset.save_to_disk)")
    add_db_option(exp)
    exp.set_defaults(func=_export)
