"""QA rules on ASR text with word spaces or without punctuation: writes ASR_TEXT.md.

Some ASR engines print Chinese with a space between every word, some print no
punctuation at all. This script re-writes labelled QA sets (labels unchanged)
the way such engines would and scores them three ways: every turn read as
given; word-segmented turns joined (``triage.spacing``); joined and, in
unpunctuated turns, commas at likely clause ends (``triage.qa.breaks``; the
product's default). Sets: ``eval/qa/labelled.jsonl`` (all 13 rules) and the
two check rounds of ``score_round.py`` (their own rules only; not read while
the clause-break cues were chosen). Copies:

- ``as labelled``: the set itself (punctuated turns, and turns that use a
  space as a pause between phrases);
- ``words, punctuation kept``: each punctuated turn cut into jieba words joined
  by spaces (``您好 ， 瑞丰 银行 客服 中心 ， 工号 3021``); turns that already
  use spaces as pauses are left as they are (their spaces are clause breaks,
  which a word-segmenting engine would not print);
- ``words, no punctuation``: every turn cut into words, punctuation dropped
  (the plainest ASR output: no clause breaks left at all).

Redaction tags (``<PERSON>``) stay whole. Usage::

    .venv/bin/python eval/qa/asr_text.py            # print and write ASR_TEXT.md
"""

from __future__ import annotations

import argparse
import copy
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from evaluate import RULES, load_set, summary  # noqa: E402
from score_round import SCORED, read_round  # noqa: E402

from triage.qa.context import QAContext  # noqa: E402
from triage.qa.engine import QAEngine  # noqa: E402
from triage.qa.rules import load_rules  # noqa: E402
from triage.schema import Turn  # noqa: E402

_TAG = re.compile(r"(<[A-Z_]+>)")
_PUNCT = set("，。！？、；：,.!?;:")
_PAUSES = re.compile(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]")


def words(text: str, keep_punct: bool) -> str:
    """``text`` as a word-segmenting ASR engine prints it: jieba words joined by spaces."""
    import jieba

    out: list[str] = []
    for part in _TAG.split(text):
        if _TAG.fullmatch(part):
            out.append(part)
            continue
        out += [w for w in jieba.lcut(part) if w.strip() and (keep_punct or w not in _PUNCT)]
    return " ".join(out)


def variant(records: list[dict], keep_punct: bool) -> list[dict]:
    """A copy of ``records`` with word-segmented turns (see the module docstring)."""
    out = copy.deepcopy(records)
    for rec in out:
        for t in rec["turns"]:
            if keep_punct and _PAUSES.search(t["text"]):
                continue
            t["text"] = words(t["text"], keep_punct)
    return out


#: How the turns are read: (name, join word spaces, add clause breaks).
MODES = (("as given", False, False), ("words joined", True, False), ("joined + breaks", True, True))


def figures(
    engine: QAEngine, records: list[dict], rules: tuple[str, ...], join: bool, breaks: bool
) -> dict:
    """Violation recall, false-alarm rate and precision of ``rules`` on ``records``."""
    preds = []
    for rec in records:
        turns = [Turn(t["speaker"], t["text"], t.get("start"), t.get("end")) for t in rec["turns"]]
        ctx = QAContext.build(
            turns,
            channel=rec["channel"],
            intent=rec.get("intent"),
            segment=(rec.get("customer") or {}).get("segment"),
            join_words=join,
            clause_breaks=breaks,
        )
        fired = {c.rule for c in engine.evaluate(ctx).checks if not c.passed}
        preds.append({r: r in fired and r in rules for r in RULES})
    # only ``rules`` are scored: the others count as neither violation nor pass
    scoped = [{**rec, "labels": {r: rec["labels"][r] for r in rules}} for rec in records]
    per = score_rules(scoped, preds, rules)
    return summary({"total": per})


def score_rules(records: list[dict], preds: list[dict[str, bool]], rules: tuple[str, ...]) -> dict:
    """tp/fn/fp/tn over the checks of ``rules``."""
    tot = {"tp": 0, "fn": 0, "fp": 0, "tn": 0}
    for rec, pred in zip(records, preds, strict=True):
        for r in rules:
            gold = rec["labels"][r] == "fail"
            tot[("tp" if pred[r] else "fn") if gold else ("fp" if pred[r] else "tn")] += 1
    return tot


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def main(argv: list[str] | None = None) -> int:
    """Score the copies and write the report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=HERE / "labelled.jsonl")
    ap.add_argument("--rules", type=Path, default=REPO / "pipelines" / "qa_rules")
    ap.add_argument("--out", type=Path, default=HERE / "ASR_TEXT.md")
    args = ap.parse_args(argv)

    engine = QAEngine(load_rules(args.rules))
    sets = [(args.set.name, load_set(args.set), tuple(RULES))]
    sets += [(name, read_round(HERE / name), rules) for name, rules in SCORED.items()]
    rows = []
    for set_name, records, rules in sets:
        copies = {
            "as labelled": records,
            "words, punctuation kept": variant(records, keep_punct=True),
            "words, no punctuation": variant(records, keep_punct=False),
        }
        for name, recs in copies.items():
            for mode, join, breaks in MODES:
                f = figures(engine, recs, rules, join, breaks)
                rows.append(
                    (
                        set_name,
                        len(records),
                        "/".join(rules) if len(rules) < 13 else "all",
                        name,
                        mode,
                        f,
                    )
                )
                print(
                    f"{set_name:22s} {name:24s} {mode:16s} recall={_fmt(f['recall'])} "
                    f"false_alarm={_fmt(f['false_alarm'])} precision={_fmt(f['precision'])}"
                )
    rev = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        "# QA rules on ASR text with word spaces or without punctuation",
        "",
        "Generated by `eval/qa/asr_text.py`; do not edit by hand.",
        "",
        "- Command: `.venv/bin/python eval/qa/asr_text.py`",
        f"- Commit: `{rev}`; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
        f"Python {platform.python_version()}",
        "- Sets (labels unchanged in every copy): `eval/qa/labelled.jsonl` (all 13 rules) and "
        "the check rounds of `eval/qa/score_round.py` (their own rules only)",
        "- Copies: *words, punctuation kept*: punctuated turns cut into jieba words joined by "
        "spaces (turns that already mark pauses with spaces left as they are); *words, no "
        "punctuation*: every turn cut into words, punctuation dropped.",
        "- Readings: *as given*; *words joined* (`triage/spacing.py`: a turn of at least 3 "
        "tokens with 汉字 averaging at most 2.5 汉字 is read without its word spaces); "
        "*joined + breaks* (the product's default; `triage/qa/breaks.py`: a turn with no "
        "punctuation and no pauses gets commas at likely clause ends). Evidence spans map back "
        "to the turn as given.",
        "",
        "| set | interactions | rules | transcript | reading | checks | violations | "
        "violation recall | false-alarm rate | precision |",
        "|---|---:|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for set_name, n, rules, name, mode, f in rows:
        lines.append(
            f"| {set_name} | {n} | {rules} | {name} | {mode} | {f['checks']} | "
            f"{f['violations']} | {_fmt(f['recall'])} | {_fmt(f['false_alarm'])} | "
            f"{_fmt(f['precision'])} |"
        )
    lines += [
        "",
        "Reading it: joining the words gives back the figures of the set as labelled when "
        "punctuation is kept. Without punctuation the rules lose their clause breaks "
        "(exclusions, negation scopes and the learned matchers read clauses); the added breaks "
        "restore most of them. The clause-break cues were chosen on the no-punctuation copy "
        "of `labelled.jsonl` (a seen set); the two rounds were not read for them.",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"report: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
