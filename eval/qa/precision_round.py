"""Scores the rules with learned branches C02, C04, C05 on ``precision_round.txt``.

A small fresh round written by the session-3 qa-precision helper before any of
its changes (see HISTORY.md), kept apart from ``labelled.txt`` so that the
coordinator's blind rounds stay the figure that counts.

Usage: ``.venv/bin/python eval/qa/precision_round.py [--show-errors]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import build_set  # noqa: E402
from evaluate import predict  # noqa: E402

from triage.qa.engine import QAEngine  # noqa: E402
from triage.qa.rules import load_rules  # noqa: E402

SCORED = ("C02", "C04", "C05")


def main(argv: list[str] | None = None) -> int:
    """Print per-rule recall and false alarms on the round."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args(argv)
    build_set.SPLITS = (*build_set.SPLITS, "qp", "qp2", "qp3")
    records = build_set.parse((HERE / "precision_round.txt").read_text(encoding="utf-8"))
    engine = QAEngine(load_rules(REPO / "pipelines" / "qa_rules"))
    tp = fn = fp = neg = 0
    by_round: dict[str, list[int]] = {}
    for rec in records:
        pred = predict(engine, rec)
        for r in SCORED:
            gold = rec["labels"][r] == "fail"
            rnd = by_round.setdefault(rec["split"], [0, 0, 0, 0])
            rnd[0 if gold else 2] += pred[r]
            rnd[1 if gold else 3] += 1
            if gold:
                tp += pred[r]
                fn += not pred[r]
            else:
                neg += 1
                fp += pred[r]
            if args.show_errors and gold != pred[r]:
                print(f"  {'FN' if gold else 'FP'} {rec['id']} {r}")
    for name, (hit, pos, fa, negs) in by_round.items():
        print(f"  {name}: recall {hit}/{pos}, false alarms {fa}/{negs}")
    print(
        f"{len(records)} interactions, rules {'/'.join(SCORED)}: "
        f"recall {tp}/{tp + fn} = {tp / max(1, tp + fn):.2f}, false alarms {fp}/{neg}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
