"""Scores a hand-written check round with the working tree's rule pack.

A round is a small fresh set in the ``labelled.txt`` format, written by a
session-3 helper before any of its changes (see HISTORY.md) and kept apart
from ``labelled.txt`` so that the coordinator's blind rounds stay the figure
that counts. Only the rules a round was written for are scored (its labels for
the other rules are not maintained): ``SCORED`` names them per round file,
``--rules`` overrides.

- ``compliance_round.txt``: C03, C04, C06, C13 (the compliance helper);
- ``precision_round.txt``: the rules with learned branches C02, C04, C05 (qa-precision).

Usage: ``.venv/bin/python eval/qa/score_round.py compliance_round.txt [--show-errors]``
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

#: Round file name -> the rules it is scored on.
SCORED = {
    "compliance_round.txt": ("C03", "C04", "C06", "C13"),
    "precision_round.txt": ("C02", "C04", "C05"),
}


def read_round(path: Path) -> list[dict]:
    """The round's records; its split names (header field 3) are accepted as splits."""
    text = path.read_text(encoding="utf-8")
    splits = [
        line.strip()[1:].split("|")[2].strip()
        for line in text.splitlines()
        if line.strip().startswith("#")
    ]
    build_set.SPLITS = (*build_set.SPLITS, *dict.fromkeys(s for s in splits if s))
    return build_set.parse(text)


def main(argv: list[str] | None = None) -> int:
    """Print per-round recall and false alarms, then the totals."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("round", help="round file (a name in eval/qa/ or a path)")
    ap.add_argument("--rules", nargs="+", help="rules to score (default: SCORED[round])")
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args(argv)
    path = Path(args.round)
    if not path.is_file():
        path = HERE / args.round
    if not path.is_file():
        ap.error(f"round file not found: {args.round}")
    scored = tuple(args.rules or SCORED.get(path.name, ()))
    if not scored:
        ap.error(f"no rules known for {path.name}: give --rules")
    records = read_round(path)
    engine = QAEngine(load_rules(REPO / "pipelines" / "qa_rules"))
    tp = fn = fp = neg = 0
    by_round: dict[str, list[int]] = {}
    for rec in records:
        pred = predict(engine, rec)
        for r in scored:
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
        f"{len(records)} interactions, rules {'/'.join(scored)}: "
        f"recall {tp}/{tp + fn} = {tp / max(1, tp + fn):.2f}, false alarms {fp}/{neg}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
