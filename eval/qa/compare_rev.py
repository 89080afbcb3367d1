"""Compares the QA rules of a git revision with the working tree's: catches, false alarms, cost.

Builds two packs in one process with the same engine code: "old" takes rules
as of ``--rev``, "new" is the working tree's pack. With ``--rules`` only the
named rules (their YAML, cases and the ``models/qa-norms/*.json`` their YAML
names) come from the revision and every other rule is the working tree's in
both; without it the whole ``pipelines/qa_rules`` of the revision is "old"
(with the models its YAML names, as of the revision). Prints:

- labelled sets (``labelled.jsonl``: ``--split`` and all of it;
  ``compliance_round.txt`` and ``precision_round.txt``: all rounds and each
  round): per scored rule, catches (recall) and false alarms old -> new, and
  the totals over the scored rules;
  scored rules are ``--rules``, else those whose files differ;
- unlabelled agent talk (``eval/classify/cases_*.txt`` interactions with agent
  turns, ``data_samples/``): on how many interactions each scored rule fires
  (mostly compliant talk: a fire there is a likely false alarm), and every
  rule outcome on ``data_samples/`` that differs between the packs;
- CPU ms per interaction of both whole packs on ``labelled.jsonl`` (each
  interaction's best of ``--repeat`` passes, packs interleaved, so machine
  load hits both alike).

``--show`` lists the interactions whose outcome differs on the scored rules.

Usage::

    .venv/bin/python eval/qa/compare_rev.py --rev 47ce166 --rules C03 C04 C06 C13
    .venv/bin/python eval/qa/compare_rev.py --rev 1d54e78 --rules C02 C04 C05 --show
    .venv/bin/python eval/qa/compare_rev.py --rev 47ce166            # the whole pack
"""

from __future__ import annotations

import argparse
import json
import re
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
from score_round import read_round  # noqa: E402

from eval.gitrev import list_dir, show  # noqa: E402
from triage.classify.evaluation import parse_cases  # noqa: E402
from triage.qa.context import QAContext  # noqa: E402
from triage.qa.engine import QAEngine  # noqa: E402
from triage.qa.rules import load_rules  # noqa: E402
from triage.schema import Turn  # noqa: E402

PACK = REPO / "pipelines" / "qa_rules"
ROUND_FILES = ("compliance_round.txt", "precision_round.txt")
_MODEL = re.compile(r"models/qa-norms/(\w+)\.json")


def old_pack(rev: str, rules: list[str] | None, out: Path) -> Path:
    """The pack with ``rules`` (all: None) as of ``rev``, models too, written under ``out``.

    Model paths in the revision's YAML are pointed at the revision's models.
    """
    pack, models = out / "pack", out / "models"
    pack.mkdir()
    models.mkdir()
    if rules is None:
        paths = list_dir(rev, "pipelines/qa_rules/")
    else:
        for f in PACK.iterdir():
            (pack / f.name).write_bytes(f.read_bytes())
        paths = [f"pipelines/qa_rules/{r}.{ext}" for r in rules for ext in ("yaml", "cases.jsonl")]
    for path in paths:
        text = show(rev, path)
        if path.endswith(".yaml"):
            for m in sorted(set(_MODEL.findall(text))):
                (models / f"{m}.json").write_text(
                    show(rev, f"models/qa-norms/{m}.json"), encoding="utf-8"
                )
            text = text.replace("models/qa-norms/", f"{models}/")
        (pack / Path(path).name).write_text(text, encoding="utf-8")
    return pack


def changed_rules(pack: Path) -> list[str]:
    """Rule ids whose files differ between ``pack`` (from :func:`old_pack`) and the working tree."""
    models = f"{pack.parent / 'models'}/"
    out = set()
    for name in {f.name for f in pack.iterdir()} | {f.name for f in PACK.iterdir()}:
        a, b = pack / name, PACK / name
        old = (
            a.read_text(encoding="utf-8").replace(models, "models/qa-norms/")
            if a.is_file()
            else None
        )
        new = b.read_text(encoding="utf-8") if b.is_file() else None
        if old != new:
            out.add(name.split(".")[0])
    return sorted(out)


def failed(engine: QAEngine, ctx: QAContext) -> set[str]:
    """Rules the engine reports as violated."""
    return {c.rule for c in engine.evaluate(ctx).checks if not c.passed}


def labelled_sets(split: str) -> dict[str, list[dict]]:
    """Labelled interactions per set name."""
    labelled = load_set(HERE / "labelled.jsonl")
    sets = {
        f"labelled: {split}": [r for r in labelled if r["split"] == split],
        "labelled: all": labelled,
    }
    for name in ROUND_FILES:
        path = HERE / name
        if not path.is_file():
            continue
        records = read_round(path)
        sets[f"{name} all rounds"] = records
        for s in dict.fromkeys(r["split"] for r in records):
            sets[f"{name} {s}"] = [r for r in records if r["split"] == s]
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


def cpu_ms(engines: dict[str, QAEngine], records: list[dict], repeat: int) -> dict[str, list]:
    """Each interaction's best CPU time (ms) per engine, packs interleaved pass by pass."""
    best = {k: [float("inf")] * len(records) for k in engines}
    for _ in range(repeat):
        for k, eng in engines.items():
            for i, rec in enumerate(records):
                ctx = context(rec)
                c0 = time.process_time()
                eng.evaluate(ctx)
                best[k][i] = min(best[k][i], (time.process_time() - c0) * 1000)
    return best


def main(argv: list[str] | None = None) -> int:
    """Print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", default="HEAD", help="git revision of the old rules and models")
    ap.add_argument("--rules", nargs="+", help="only these rules from --rev (default: all)")
    ap.add_argument("--split", default="holdout14", help="labelled split shown on its own")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--show", action="store_true", help="print interactions whose outcome differs")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        pack = old_pack(args.rev, args.rules, Path(tmp))
        rules = args.rules or changed_rules(pack)
        engines = {"old": QAEngine(load_rules(pack)), "new": QAEngine(load_rules(PACK))}
        print(f"rules {'/'.join(rules) or '(none differ)'}: {args.rev} (old) vs working tree (new)")
        for name, records in labelled_sets(args.split).items():
            counts = {k: {r: [0, 0, 0, 0] for r in rules} for k in engines}
            for rec in records:
                got = {k: failed(e, context(rec)) for k, e in engines.items()}
                for r in rules:
                    gold = rec["labels"][r] == "fail"
                    for k in engines:
                        c = counts[k][r]
                        c[0 if gold else 2] += r in got[k]
                        c[1 if gold else 3] += 1
                    # (listed once: in the whole sets, not again in their parts)
                    whole = name.endswith(("all", "all rounds"))
                    if args.show and whole and (r in got["old"]) != (r in got["new"]):
                        who = "old" if r in got["old"] else "new"
                        print(f"    {name} {rec['id']} {r} {'TP' if gold else 'FP'} only {who}")
            print(f"== {name} ({len(records)} interactions)")
            for r in rules:
                o, n = counts["old"][r], counts["new"][r]
                print(
                    f"  {r}: recall {o[0]}/{o[1]} -> {n[0]}/{n[1]}, "
                    f"false alarms {o[2]}/{o[3]} -> {n[2]}/{n[3]}"
                )
            o, n = ([sum(v[i] for v in counts[k].values()) for i in range(4)] for k in engines)
            print(
                f"  all scored: recall {o[0]}/{o[1]} -> {n[0]}/{n[1]}, "
                f"false alarms {o[2]}/{o[3]} -> {n[2]}/{n[3]}"
            )
        diffs = []
        for name, items in unlabelled_sets().items():
            tally = {k: dict.fromkeys(rules, 0) for k in engines}
            for cid, ctx, agent in items:
                got = {k: failed(e, ctx) for k, e in engines.items()}
                for k in engines:
                    for r in got[k] & set(rules):
                        tally[k][r] += 1
                mine = {k: got[k] & set(rules) for k in engines}
                if args.show and mine["old"] != mine["new"]:
                    print(
                        f"    {name} {cid} old {sorted(mine['old'])} "
                        f"new {sorted(mine['new'])}: {agent[:80]}"
                    )
                if name == "data_samples":
                    diffs += [
                        f"  {cid} {r}: {'only old' if r in got['old'] else 'only new'}"
                        for r in sorted(got["old"] ^ got["new"])
                    ]
            print(f"== {name} ({len(items)} interactions, unlabelled; mostly compliant talk)")
            for r in rules:
                print(f"  {r}: fires on {tally['old'][r]} -> {tally['new'][r]}")
        print(f"data_samples outcomes that differ (all rules): {len(diffs)}")
        if diffs:
            print("\n".join(diffs))
        records = load_set(HERE / "labelled.jsonl")
        best = cpu_ms(engines, records, args.repeat)
        print(f"== CPU ms per interaction, whole pack, labelled.jsonl (best of {args.repeat})")
        for k in engines:
            b = sorted(best[k])
            print(
                f"  {k} ({args.rev if k == 'old' else 'working tree'}): "
                f"median {statistics.median(b):.2f}, mean {statistics.fmean(b):.2f}, "
                f"p95 {b[int(0.95 * (len(b) - 1))]:.2f}, max {b[-1]:.2f} ({len(b)} interactions)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
