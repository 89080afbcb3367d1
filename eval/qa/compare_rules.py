"""Before/after comparison of some rules of the QA pack: recall, false alarms and cost.

Builds two packs: "before" takes the named rules' YAML and cases from a git
revision, "after" is the working tree; every other rule is the working tree's
in both, so only the named rules differ. Prints, per data set (a
``labelled.jsonl`` split, all of it, and each compliance round of
``compliance_round.txt``), recall and false alarms of both packs on the named
rules, then CPU time per interaction of both whole packs on ``labelled.jsonl``
(each interaction's best of ``--repeat``, in one process, packs alternating, so
machine load hits both alike).

Usage::

    .venv/bin/python eval/qa/compare_rules.py --rev 47ce166 --rules C03 C04 C06 C13
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import build_set  # noqa: E402
from evaluate import context, load_set, predict  # noqa: E402

from eval.gitrev import export  # noqa: E402
from triage.qa.engine import QAEngine  # noqa: E402
from triage.qa.rules import load_rules  # noqa: E402

ROUNDS = ("qc", "qc2", "qc3", "qc4")


def pack_at(rev: str, rules: list[str], dest: Path) -> Path:
    """The working tree's pack with ``rules`` as of ``rev``, written to ``dest``."""
    for f in (REPO / "pipelines" / "qa_rules").iterdir():
        shutil.copy(f, dest / f.name)
    paths = [f"pipelines/qa_rules/{r}.{ext}" for r in rules for ext in ("yaml", "cases.jsonl")]
    return export(rev, paths, dest)


def counts(engine: QAEngine, records: list[dict], rules: list[str]) -> dict[str, list[int]]:
    """Rule -> [detected, labelled violations, false alarms, other checks]."""
    agg = {r: [0, 0, 0, 0] for r in rules}
    for rec in records:
        pred = predict(engine, rec)
        for r in rules:
            gold = rec["labels"][r] == "fail"
            agg[r][0 if gold else 2] += pred[r]
            agg[r][1 if gold else 3] += 1
    return agg


def main(argv: list[str] | None = None) -> int:
    """Print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", required=True, help="git revision of the 'before' rules")
    ap.add_argument("--rules", nargs="+", required=True)
    ap.add_argument("--split", default="holdout14", help="labelled split shown on its own")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    labelled = load_set(HERE / "labelled.jsonl")
    build_set.SPLITS = (*build_set.SPLITS, *ROUNDS)
    rounds = build_set.parse((HERE / "compliance_round.txt").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        before = QAEngine(load_rules(pack_at(args.rev, args.rules, Path(tmp))))
    engines = {
        f"before ({args.rev})": before,
        "after (working tree)": QAEngine(load_rules(REPO / "pipelines" / "qa_rules")),
    }
    sets = {
        f"labelled: {args.split}": [r for r in labelled if r["split"] == args.split],
        "labelled: all": labelled,
        **{f"compliance round {n}": [r for r in rounds if r["split"] == n] for n in ROUNDS},
    }
    for name, recs in sets.items():
        print(f"== {name} ({len(recs)} interactions)")
        for label, engine in engines.items():
            agg = counts(engine, recs, args.rules)
            tp, pos, fa, neg = (sum(v[k] for v in agg.values()) for k in range(4))
            per = "  ".join(f"{r} {v[0]}/{v[1]} fa {v[2]}" for r, v in agg.items())
            print(f"  {label:24s} recall {tp}/{pos}, false alarms {fa}/{neg}   [{per}]")
    times: dict[str, list[float]] = {k: [] for k in engines}
    for rec in labelled:
        for label, engine in engines.items():
            best = float("inf")
            for _ in range(args.repeat):
                ctx = context(rec)
                t0 = time.process_time()
                engine.evaluate(ctx)
                best = min(best, time.process_time() - t0)
            times[label].append(best * 1000)
    print(f"== CPU ms per interaction, whole pack, labelled.jsonl (best of {args.repeat})")
    for label, v in times.items():
        v.sort()
        print(
            f"  {label:24s} median {statistics.median(v):.2f}  mean {statistics.mean(v):.2f}  "
            f"p95 {v[int(0.95 * len(v))]:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
