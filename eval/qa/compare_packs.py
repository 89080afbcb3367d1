"""Compares the rule pack of a git revision with the working tree's pack.

Same engine code, same process: CPU time per interaction on the labelled set
(each interaction's best of ``--repeat`` runs, both packs interleaved), and the
rule outcomes that differ on ``data_samples/`` (the cross-check set).

Usage: ``.venv/bin/python eval/qa/compare_packs.py 47ce166 [--repeat 5]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from evaluate import context, load_set  # noqa: E402

from eval.gitrev import export, list_dir  # noqa: E402
from triage.qa.context import QAContext  # noqa: E402
from triage.qa.engine import QAEngine  # noqa: E402
from triage.qa.rules import load_rules  # noqa: E402
from triage.schema import Turn  # noqa: E402


def pack_at(rev: str, out: Path) -> Path:
    """Write ``pipelines/qa_rules`` as of ``rev`` into ``out``."""
    return export(rev, list_dir(rev, "pipelines/qa_rules/"), out)


def cpu_ms(engines: dict[str, QAEngine], records: list[dict], repeat: int) -> dict[str, list]:
    """Each interaction's best CPU time (ms) per engine."""
    best = {k: [float("inf")] * len(records) for k in engines}
    for _ in range(repeat):
        for k, eng in engines.items():
            for i, rec in enumerate(records):
                c0 = time.process_time()
                eng.evaluate(context(rec))
                best[k][i] = min(best[k][i], (time.process_time() - c0) * 1000)
    return best


def sample_diffs(engines: dict[str, QAEngine]) -> list[str]:
    """Rule outcomes on data_samples/ that differ between the packs."""
    out = []
    for f in ("calls.jsonl", "chats.jsonl"):
        path = REPO / "data_samples" / f
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            fails = {}
            for k, eng in engines.items():
                turns = [
                    Turn(t["speaker"], t["text"], t.get("start"), t.get("end"))
                    for t in rec["turns"]
                ]
                ctx = QAContext.build(turns, channel=rec["channel"])
                fails[k] = {c.rule for c in eng.evaluate(ctx).checks if not c.passed}
            old, new = fails["old"], fails["new"]
            for rule in sorted(old ^ new):
                out.append(f"  {rec['id']} {rule}: {'only old' if rule in old else 'only new'}")
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rev", help="git revision of the older pack")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    records = load_set(HERE / "labelled.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        engines = {
            "old": QAEngine(load_rules(pack_at(args.rev, Path(tmp)))),
            "new": QAEngine(load_rules(REPO / "pipelines" / "qa_rules")),
        }
        best = cpu_ms(engines, records, args.repeat)
        for k in engines:
            b = sorted(best[k])
            print(
                f"{k} pack ({args.rev if k == 'old' else 'working tree'}): CPU ms per interaction, "
                f"best of {args.repeat}: median {statistics.median(b):.2f}, "
                f"mean {statistics.fmean(b):.2f}, p95 {b[int(0.95 * (len(b) - 1))]:.2f}, "
                f"max {b[-1]:.2f} ({len(b)} interactions)"
            )
        diffs = sample_diffs(engines)
        print(f"data_samples outcomes that differ: {len(diffs)}")
        print("\n".join(diffs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
