"""Whole-pipeline figures on the public customer-service sets (complaints, sentiment, dialogues).

One command, the fast path as ``pipelines/default.yaml`` configures it::

    .venv/bin/python -m eval.public.run --data-dir ../shared/datasets

Sets are read in place from ``--data-dir`` (never copied) and skipped with a message
where absent; how each becomes input records is in :mod:`eval.public.sets`, the figures
in :mod:`eval.public.metrics`. The report (``eval/public/REPORT.md``) holds aggregate
figures only: no text of the sets. Nothing here trains on them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "datasets"
sys.path.insert(0, str(REPO / "eval" / "bench"))

from eval.public import metrics, sets  # noqa: E402
from triage.schema import INTENT_ZH  # noqa: E402


def score(items: Sequence[sets.Item], pipeline: Any, batch: int = 64) -> list[Any]:
    """SPEC §3 records (or :class:`RecordError`) of the items, in order, from the real pipeline."""
    from triage.errors import RecordError
    from triage.io.options import ReaderOptions
    from triage.io.validate import to_doc

    options = ReaderOptions(limits=pipeline.config.limits)
    out: list[Any] = []
    for i in range(0, len(items), batch):
        chunk = items[i : i + batch]
        docs = [to_doc(it.record, "public", i + k + 1, options) for k, it in enumerate(chunk)]
        good = [d for d in docs if not isinstance(d, RecordError)]
        scored = iter(pipeline.score_docs(good))
        for d in docs:
            got = d if isinstance(d, RecordError) else next(scored)
            out.append(got if isinstance(got, RecordError) else got.record)
    return out


def _commit() -> str:
    """The short HEAD commit, with ``+changes`` when the working tree differs from it."""

    def git(*a: str) -> str:
        return subprocess.run(["git", *a], cwd=REPO, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + (" +changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def _intents(pairs: Sequence[tuple[str, int]], n: int, top: int = 6) -> str:
    return ", ".join(f"{INTENT_ZH.get(k, k)} `{k}` {_pct(v / n)}" for k, v in pairs[:top])


def render(fig: dict[str, Any]) -> str:
    """The Markdown report."""
    lines = [
        "# Public customer-service sets: whole-pipeline figures",
        "",
        f"Command: `{fig['command']}`  ",
        f"Machine: {fig['machine']}  ",
        f"Commit: {fig['commit']}  ",
        f"Date: {fig['date']}; {fig['seconds']:.0f} s in all",
        "",
        "Fast path (`pipelines/default.yaml`: rules and scikit-learn models). The sets are read in",
        "place from `--data-dir` and never copied; only aggregate figures are written here. None",
        "of them trains anything. How each becomes input records: `eval/public/sets.py`; each",
        "set's folder README maps its labels to SPEC codes, and those mappings are what is",
        "measured. The sets are out of domain (telecom, food delivery, chit-chat), so these are",
        "figures of how the product generalises, not targets it was tuned to.",
        "",
    ]
    c = fig["sets"].get("cocc")
    lines += ["## COCC complaint tickets (China Mobile)", ""]
    if "skipped" in (c or {}):
        lines += [c["skipped"], ""]
    elif c:
        lines += [
            "Every ticket is a complaint written up by an agent (客户反映…); each is scored as one",
            "customer chat message. README mapping: `complaint` as primary or secondary intent on",
            "every ticket; severity at least P3 on most, P2 where the ticket names the regulator",
            "or the media (工信部 / 投诉到 / 曝光).",
            "",
            f"- tickets {c['n']}, failed records {c['failed']}",
            f"- `complaint` primary {_pct(c['complaint'])}; primary or secondary "
            f"**{_pct(c['complaint_any'])}**",
            f"- severity at least P3 **{_pct(c['at_least_p3'])}**; levels "
            + ", ".join(f"{k} {v}" for k, v in c["severity"].items()),
            f"- tickets naming 工信部 / 投诉到 / 曝光: {c['escalation_words']['n']}, at least P2 "
            f"{_pct(c['escalation_words']['at_least_p2'])}",
            f"- primary intents: {_intents(c['intents'], c['n'])}",
            "",
            "| category | n | complaint primary | complaint primary or secondary | at least P3 | "
            "top primary intents |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for label, r in c["per_category"].items():
            lines.append(
                f"| {label} | {r['n']} | {_pct(r['complaint'])} | {_pct(r['complaint_any'])} | "
                f"{_pct(r['at_least_p3'])} | {_intents(r['top_intents'], r['n'], 3)} |"
            )
        lines.append("")
    for name, title, note in (
        (
            "waimai",
            "waimai_10k food-delivery reviews",
            "README mapping: negative reviews carry the complaint vocabulary (服务态度差, 送餐慢,",
        ),
        (
            "sentiment",
            "Conversation sentiment (chit-chat utterances)",
            "README mapping: a negative utterance is the 'customer is upset' trigger of C07;",
        ),
    ):
        s = fig["sets"].get(name)
        lines += [f"## {title}", ""]
        if s is None:
            continue
        if "skipped" in s:
            lines += [s["skipped"], ""]
            continue
        second = (
            "要求退款) for `complaint` and the upset signal."
            if name == "waimai"
            else "abusive lines must never fail the agent-scoped C05."
        )
        lines += [
            note,
            second,
            "Each text is the customer turn between a greeting and a neutral agent answer without",
            "an apology, so C07 (致歉与安抚) fails exactly when the customer reads as upset.",
            "",
            "| label | n | read as upset (C07 applies) | complaint primary or secondary | "
            "at least P3 | C05 failed (customer words read as agent's) | failed records |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for label, r in s.items():
            lines.append(
                f"| {label} | {r['n']} | {_pct(r['upset'])} | {_pct(r['complaint_any'])} | "
                f"{_pct(r['at_least_p3'])} | {r['c05_failed']} | {r['failed']} |"
            )
        lines.append("")
    m = fig["sets"].get("mobilecs")
    lines += ["## MobileCS sample (10 real call-centre dialogues)", ""]
    if m and "skipped" in m:
        lines += [m["skipped"], ""]
    elif m:
        lines += [
            "A smoke test. README mapping: the agents greet (问候) with 您好 but without the",
            "institution name or 工号, so a strict C01 is expected to fail; C10 (closing) should",
            "be met where the agent's last turns ask whether anything else is needed (客套, 再见).",
            "",
            f"- dialogues {m['n']}; agent greets in its first turn (dialogue's own label) "
            f"{m['agent_greets']}, C01 passed {m['c01_passed']}",
            f"- agent closes (再见/客套 in its last two turns) {m['agent_closes']}, C10 passed "
            f"{m['c10_passed']}",
            "",
            "| dialogue | turns | agent greets | C01 | agent closes | C10 |",
            "|---|---:|---|---|---|---|",
        ]
        for r in m["dialogues"]:
            lines.append(
                f"| {r['id']} | {r['turns']} | {'yes' if r['agent_greets'] else 'no'} | "
                f"{'pass' if r['c01_passed'] else 'fail'} | "
                f"{'yes' if r['agent_closes'] else 'no'} | "
                f"{'pass' if r['c10_passed'] else 'fail'} |"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Score the sets and write the report."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--data-dir", type=Path, default=DEFAULT_DATA, help="public sets (../shared/datasets)"
    )
    p.add_argument("--sets", nargs="+", choices=list(sets.READERS), default=list(sets.READERS))
    p.add_argument("--limit", type=int, default=None, help="items per set (smoke runs)")
    p.add_argument("--config", type=Path, default=None, help="pipeline YAML (default pipeline)")
    p.add_argument("--out", type=Path, default=Path(__file__).with_name("REPORT.md"))
    p.add_argument("--json", type=Path, default=None, help="also write the raw figures as JSON")
    args = p.parse_args(argv)

    import machine_info

    from triage.pipeline import Pipeline

    t0 = time.perf_counter()
    pipeline = Pipeline.from_config(args.config)
    pipeline.setup()
    figures: dict[str, Any] = {}
    for name in args.sets:
        try:
            items = list(sets.READERS[name](args.data_dir))
        except FileNotFoundError as exc:
            print(f"[public] {name}: skipped ({exc})", file=sys.stderr)
            figures[name] = {"skipped": f"Skipped: {exc.args[0]} (not in --data-dir)."}
            continue
        if args.limit is not None:
            items = items[: args.limit]
        t = time.perf_counter()
        results = score(items, pipeline)
        figures[name] = metrics.METRICS[name](items, results)
        print(
            f"[public] {name}: {len(items)} items in {time.perf_counter() - t:.1f} s",
            file=sys.stderr,
        )
    cmd = "python -m eval.public.run " + " ".join(argv if argv is not None else sys.argv[1:])
    fig = {
        "command": cmd.strip(),
        "machine": machine_info.describe(),
        "commit": _commit(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "seconds": time.perf_counter() - t0,
        "sets": figures,
    }
    args.out.write_text(render(fig), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(fig, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"[public] report: {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
