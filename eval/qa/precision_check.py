"""False alarms and catches of the learned-branch rules (C02, C04, C05): a rev vs now.

Builds two packs: "old" is the named rules' YAML and their models
(``models/qa-norms/<rule>.json``) as of a git revision, "new" is the working
tree; every other rule is the working tree's in both. Prints, per data set,
how often each named rule fires in both packs:

- labelled sets (``labelled.jsonl``, ``precision_round.txt``,
  ``compliance_round.txt``): catches (recall) and false alarms;
- unlabelled agent talk (``eval/classify/cases_*.txt``, the interactions with
  agent turns, gold intent and segment; ``data_samples/``): interactions on
  which the rule fires, and with ``--show`` the turns that differ, so a reader
  can judge them (most are compliant talk: a fire there is a likely false alarm).

Usage::

    .venv/bin/python eval/qa/precision_check.py --rev HEAD [--show]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import build_set  # noqa: E402
from evaluate import context, load_set  # noqa: E402

from triage.classify.evaluation import parse_cases  # noqa: E402
from triage.qa.context import QAContext  # noqa: E402
from triage.qa.engine import QAEngine  # noqa: E402
from triage.qa.rules import load_rules  # noqa: E402
from triage.schema import Turn  # noqa: E402

RULES = ("C02", "C04", "C05")


def _git_show(rev: str, path: str) -> str:
    return subprocess.run(
        ["git", "show", f"{rev}:{path}"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout


def old_pack(rev: str, rules: tuple[str, ...], out: Path) -> Path:
    """The working tree's pack with ``rules`` (YAML and models) as of ``rev``."""
    pack = out / "pack"
    models = out / "models"
    pack.mkdir()
    models.mkdir()
    for f in (REPO / "pipelines" / "qa_rules").iterdir():
        if f.suffix == ".yaml" and f.stem not in rules:
            (pack / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    for r in rules:
        text = _git_show(rev, f"pipelines/qa_rules/{r}.yaml")
        for m in sorted(set(re.findall(r"models/qa-norms/(\w+)\.json", text))):
            (models / f"{m}.json").write_text(
                _git_show(rev, f"models/qa-norms/{m}.json"), encoding="utf-8"
            )
        text = text.replace("models/qa-norms/", f"{models}/")
        (pack / f"{r}.yaml").write_text(text, encoding="utf-8")
    return pack


def fired(engine: QAEngine, ctx: QAContext) -> set[str]:
    """Rules of ``RULES`` the engine reports as violated."""
    return {c.rule for c in engine.evaluate(ctx).checks if not c.passed and c.rule in RULES}


def labelled_sets() -> dict[str, list[dict]]:
    """Labelled interactions per set name."""
    sets = {"labelled.jsonl": load_set(HERE / "labelled.jsonl")}
    build_set.SPLITS = (*build_set.SPLITS, "qc", "qc2", "qc3", "qc4", "qp", "qp2", "qp3")
    for name in ("precision_round.txt", "compliance_round.txt"):
        path = HERE / name
        if path.is_file():
            sets[name] = build_set.parse(path.read_text(encoding="utf-8"))
    return sets


def unlabelled_sets() -> dict[str, list[tuple[str, QAContext, str]]]:
    """(id, context, agent text) of interactions with agent turns, per set name."""
    out: dict[str, list[tuple[str, QAContext, str]]] = {"eval/classify": [], "data_samples": []}
    for path in sorted((REPO / "eval" / "classify").glob("cases_*.txt")):
        for case in parse_cases(path):
            if not any(t.speaker == "agent" for t in case.turns):
                continue
            ctx = QAContext.build(
                case.turns, channel=case.channel, intent=case.intent, segment=case.segment
            )
            agent = " / ".join(t.text for t in case.turns if t.speaker == "agent")
            out["eval/classify"].append((case.id, ctx, agent))
    for f in ("calls.jsonl", "chats.jsonl"):
        path = REPO / "data_samples" / f
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            turns = [
                Turn(t["speaker"], t["text"], t.get("start"), t.get("end")) for t in rec["turns"]
            ]
            agent = " / ".join(t.text for t in turns if t.speaker == "agent")
            out["data_samples"].append(
                (rec["id"], QAContext.build(turns, channel=rec["channel"]), agent)
            )
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", default="HEAD", help="git revision of the older rules and models")
    ap.add_argument("--show", action="store_true", help="print interactions whose outcome differs")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        engines = {
            "old": QAEngine(load_rules(old_pack(args.rev, RULES, Path(tmp)))),
            "new": QAEngine(load_rules(REPO / "pipelines" / "qa_rules")),
        }
        print(f"rules {'/'.join(RULES)}: {args.rev} (old) vs working tree (new)")
        for name, records in labelled_sets().items():
            counts = {k: {r: [0, 0, 0, 0] for r in RULES} for k in engines}
            for rec in records:
                got = {k: fired(e, context(rec)) for k, e in engines.items()}
                for r in RULES:
                    gold = rec["labels"][r] == "fail"
                    for k in engines:
                        c = counts[k][r]
                        c[0 if gold else 2] += r in got[k]
                        c[1 if gold else 3] += 1
                    if args.show and (r in got["old"]) != (r in got["new"]):
                        who = "old" if r in got["old"] else "new"
                        print(f"    {name} {rec['id']} {r} {'TP' if gold else 'FP'} only {who}")
            for r in RULES:
                o, n = counts["old"][r], counts["new"][r]
                print(
                    f"  {name:22} {r}: recall {o[0]}/{o[1]} -> {n[0]}/{n[1]}, "
                    f"false alarms {o[2]}/{o[3]} -> {n[2]}/{n[3]}"
                )
        for name, items in unlabelled_sets().items():
            tally = {k: dict.fromkeys(RULES, 0) for k in engines}
            for cid, ctx, agent in items:
                got = {k: fired(e, ctx) for k, e in engines.items()}
                for k in engines:
                    for r in got[k]:
                        tally[k][r] += 1
                if args.show and got["old"] != got["new"]:
                    print(
                        f"    {name} {cid} old {sorted(got['old'])} "
                        f"new {sorted(got['new'])}: {agent[:80]}"
                    )
            for r in RULES:
                print(
                    f"  {name:22} {r}: fires on {tally['old'][r]} -> {tally['new'][r]} "
                    f"of {len(items)} interactions (unlabelled; mostly compliant talk)"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
