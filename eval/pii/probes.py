"""Whole hand-written interactions through the batch pipeline and the live hook: PII leaks.

Probe files (``eval/pii/probes/*.jsonl``, hand-written, not from any corpus) hold
SPEC §2 records (calls with ASR-style spacing and fillers, chats) whose turn texts
mark the gold inline:

* ``[[TYPE:value]]``: a PII value of SPEC §4 type ``TYPE`` (for a title, only the
  surname: ``[[PERSON:王]]女士``; a number split over turns is marked in each turn);
* ``{{value}}`` or ``{{kind:value}}`` (``kind`` in ``[a-z_]``): a negative that must
  stay readable (an amount, a date, a hotline, a 工单号, a branch...).

The markup is stripped before anything is scored. Each interaction is scored

* ``batch``: through the whole pipeline (``Pipeline.score_docs``, the SPEC §3 record's turns);
* ``live``: replayed message by message through :class:`triage.hook.ChatHook`: the
  chat's final record (``end_chat``) and, separately, every per-message answer (the
  first part of a number split over two messages may go out before its rest arrives).

A value is *leaked* when any of its significant characters (digits and spoken
numerals for numbers; letters and 汉字, not fillers, for names, e-mails and
addresses) is still readable in the output; the output is aligned with the
original turn with :class:`difflib.SequenceMatcher`, so only the output text is
trusted, not the reported spans. A negative is *over-masked* when any of its
significant characters is gone. Only ids, turn numbers and types are reported,
never text.

Usage::

    .venv/bin/python -m eval.pii.probes --out eval/pii/PROBES.md
    .venv/bin/python -m eval.pii.probes --sets dev7 --rev HEAD --details

``--rev`` also runs the code of that git revision (``triage``, ``models``,
``pipelines`` extracted beside the working tree) for a before column.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
PROBES = HERE / "probes"

#: Structured types: the rate of interactions with any of these leaked must be 0.
STRUCTURED = ("PHONE_NUMBER", "CN_ID_CARD", "BANK_CARD", "EMAIL_ADDRESS", "VERIFICATION_CODE")
TYPES = (*STRUCTURED, "PERSON", "ADDRESS")
NUMBER_TYPES = frozenset({"PHONE_NUMBER", "CN_ID_CARD", "BANK_CARD", "VERIFICATION_CODE"})
NUMERALS = frozenset("0123456789０１２３４５６７８９零〇一二三四五六七八九十百千幺两洞拐Xx")
FILLERS = frozenset("嗯呃啊哦额唉呢吧")
MARK = re.compile(r"\[\[([A-Z_]+):(.+?)\]\]|\{\{(?:([a-z_]+):)?(.+?)\}\}")
PATHS = ("batch", "live_final", "live_answer")


@dataclass
class Span:
    """A marked value (gold PII) or negative in a clean turn text."""

    turn: int
    start: int
    end: int
    kind: str  # the PII type, or the negative's kind ("neg" when none given)
    positive: bool


@dataclass
class Probe:
    """One probe interaction with its markup stripped."""

    record: dict
    spans: list[Span] = field(default_factory=list)


def strip_markup(text: str, turn: int) -> tuple[str, list[Span]]:
    """Clean text and the marked spans of one turn."""
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0
    for m in MARK.finditer(text):
        out.append(text[pos : m.start()])
        length += m.start() - pos
        if m.group(1):
            value, kind, positive = m.group(2), m.group(1), True
            if kind not in TYPES:
                raise ValueError(f"turn {turn}: unknown PII type {kind}")
        else:
            value, kind, positive = m.group(4), m.group(3) or "neg", False
        spans.append(Span(turn, length, length + len(value), kind, positive))
        out.append(value)
        length += len(value)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), spans


def load_probes(path: Path) -> list[Probe]:
    """Probe interactions of one JSONL file, markup stripped."""
    probes = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        rec = json.loads(line)
        probe = Probe(rec)
        for i, t in enumerate(rec["turns"]):
            try:
                t["text"], spans = strip_markup(t["text"], i)
            except ValueError as exc:
                raise SystemExit(f"{path.name} line {n} ({rec.get('id')}): {exc}") from None
            probe.spans.extend(spans)
        probes.append(probe)
    return probes


def significant(kind: str, ch: str) -> bool:
    """Whether a character of a value counts (separators and fillers do not)."""
    if kind in NUMBER_TYPES:
        return ch in NUMERALS or ch.isascii() and ch.isalpha()
    return ch.isalnum() and ch not in FILLERS


#: A type tag or pseudonym in the output (<ADDRESS>, <PERSON_1>): its letters are not the
#: original's (the A of A座 aligned with the A of <ADDRESS> is not readable).
TAG = re.compile(r"<[A-Z_]+(?:_\d+)?>")


def kept(original: str, redacted: str) -> list[bool]:
    """Which characters of ``original`` are still readable in ``redacted``."""
    mask = [False] * len(original)
    in_tag = [False] * len(redacted)
    for m in TAG.finditer(redacted):
        in_tag[m.start() : m.end()] = [True] * (m.end() - m.start())
    sm = difflib.SequenceMatcher(None, original, redacted, autojunk=False)
    for a, b, size in sm.get_matching_blocks():
        for i in range(size):
            if not in_tag[b + i]:
                mask[a + i] = True
    return mask


def judge(span: Span, text: str, mask: list[bool]) -> bool:
    """True when ``span`` fails: a value leaked, or a negative over-masked."""
    chars = [mask[i] for i in range(span.start, span.end) if significant(span.kind, text[i])]
    if span.positive:
        return any(chars)
    return not all(chars)


def _interaction(rec: dict, limits: dict):  # type: ignore[no-untyped-def]
    from triage.io.options import ReaderOptions
    from triage.io.validate import to_interaction

    return to_interaction(rec, ReaderOptions(limits=limits))


def score_probes(sets: list[str], limit: int | None = None, pipeline=None) -> dict:  # type: ignore[no-untyped-def]
    """Figures of the ``triage`` importable here, per probe set (JSON-ready).

    Args:
        sets: Probe set names (files ``eval/pii/probes/<name>.jsonl``).
        limit: Only the first ``limit`` interactions of each set.
        pipeline: A set-up default pipeline (default: built here).
    """
    from triage.hook import ChatHook
    from triage.pipeline import Pipeline
    from triage.stage import Doc

    if pipeline is None:
        pipeline = Pipeline.from_config()
        pipeline.setup()
    hook = ChatHook(pipeline, observers=[], max_turns=10_000)
    figures: dict = {}
    for name in sets:
        probes = load_probes(PROBES / f"{name}.jsonl")[:limit]
        texts = [[t["text"] for t in p.record["turns"]] for p in probes]
        docs = [Doc(_interaction(p.record, pipeline.config.limits), source=name) for p in probes]
        outputs: dict[str, list[list[str] | None]] = {k: [] for k in PATHS}
        for res in pipeline.score_docs(docs):
            outputs["batch"].append(
                [t["text"] for t in res.record["turns"]] if hasattr(res, "record") else None
            )
        for k, p in enumerate(probes):
            cid = f"probe-{name}-{k}"
            answers = []
            for t in p.record["turns"]:
                d = hook.add_message(cid, t["speaker"], t["text"], start=t.get("start"))
                answers.append(d["text"])
            final = hook.end_chat(cid)
            outputs["live_answer"].append(answers)
            outputs["live_final"].append([t["text"] for t in final["turns"]] if final else None)
        figures[name] = _tally(probes, texts, outputs)
    return figures


def _tally(probes: list[Probe], texts: list[list[str]], outputs: dict) -> dict:
    values: Counter = Counter()
    negatives: Counter = Counter()
    leaked = {k: Counter() for k in PATHS}
    over = {k: Counter() for k in PATHS}
    inter_any = {k: [] for k in PATHS}
    inter_structured = {k: [] for k in PATHS}
    failures: dict[str, list[str]] = {k: [] for k in PATHS}
    errors = {k: 0 for k in PATHS}
    for k, p in enumerate(probes):
        for s in p.spans:
            (values if s.positive else negatives)[s.kind] += 1
        for path in PATHS:
            out = outputs[path][k]
            if out is None or len(out) != len(texts[k]):
                errors[path] += 1  # failed closed: nothing written
                continue
            masks = [kept(o, r) for o, r in zip(texts[k], out, strict=True)]
            any_leak = structured_leak = False
            for s in p.spans:
                if not judge(s, texts[k][s.turn], masks[s.turn]):
                    continue
                where = f"{p.record['id']} t{s.turn} {s.kind}"
                if s.positive:
                    leaked[path][s.kind] += 1
                    any_leak = True
                    structured_leak = structured_leak or s.kind in STRUCTURED
                    failures[path].append("leak " + where)
                else:
                    over[path][s.kind] += 1
                    failures[path].append("over " + where)
            if any_leak:
                inter_any[path].append(p.record["id"])
            if structured_leak:
                inter_structured[path].append(p.record["id"])
    return {
        "interactions": len(probes),
        "values": dict(values),
        "negatives": dict(negatives),
        "leaked": {k: dict(v) for k, v in leaked.items()},
        "over": {k: dict(v) for k, v in over.items()},
        "inter_any": inter_any,
        "inter_structured": inter_structured,
        "failures": failures,
        "errors": errors,
    }


def _rev_figures(rev: str, sets: list[str]) -> dict:
    """:func:`score_probes` on the code of ``rev`` (a fresh process, the revision first)."""
    sys.path.insert(0, str(REPO))
    from eval.gitrev import extract

    with tempfile.TemporaryDirectory() as tmp:
        extract(rev, Path(tmp))
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([tmp, str(REPO)]))
        done = subprocess.run(
            [sys.executable, str(Path(__file__)), "--child", "--sets", *sets],
            env=env,
            cwd=tmp,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _count(key: str, n: int):  # type: ignore[no-untyped-def]
    """A cell function: interactions listed under ``key``, of ``n``."""
    return lambda f, p: f"{len(f[key][p])}/{n}"


def _types(key: str, kind: str):  # type: ignore[no-untyped-def]
    """A cell function: values (or negatives) of ``kind`` counted under ``key``."""
    return lambda f, p: _cell(f, p, key, kind)


def _cell(fig: dict, path: str, key: str, kind: str) -> str:
    total = fig["values" if key == "leaked" else "negatives"].get(kind, 0)
    return f"{fig[key][path].get(kind, 0)}/{total}"


def render(after: dict, before: dict | None, args: argparse.Namespace, notes: list[str]) -> str:
    """The markdown report."""
    argv = " ".join(a for a in sys.argv[1:] if a != "--child")
    lines = [
        "# PII probes: whole interactions, batch and live",
        "",
        f"Command: `.venv/bin/python -m eval.pii.probes {argv}`  ",
        f"Machine: {platform.platform()}, {os.cpu_count()} CPU cores, "
        f"Python {platform.python_version()}  ",
        f"Commit: {_commit()} (after: the working tree"
        f"{'; before: ' + args.rev if before else ''})  ",
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        "Leaked: values with any significant character still readable in the output",
        "(batch: the SPEC §3 record; live final: the chat's record at `end_chat`; live",
        "answer: the redacted text of each per-message answer). Over-masked: negatives",
        "with any significant character gone. Cells: `before → after` where a revision",
        "was given.",
    ]
    for name, fig in after.items():
        bef = before.get(name) if before else None
        lines += ["", f"## {name} ({fig['interactions']} interactions)", ""]
        lines += [
            "| | " + " | ".join(PATHS) + " |",
            "| --- | " + " | ".join("---" for _ in PATHS) + " |",
        ]

        n = fig["interactions"]
        rows = [
            ("interactions with a structured leak", _count("inter_structured", n)),
            ("interactions with any leak", _count("inter_any", n)),
        ]
        rows += [(f"leaked {k}", _types("leaked", k)) for k in TYPES if fig["values"].get(k)]
        rows += [(f"over-masked {k}", _types("over", k)) for k in sorted(fig["negatives"])]
        rows.append(("records failed (closed)", lambda f, p: str(f["errors"][p])))
        for label, fn in rows:
            cells = [fn(fig, p) if bef is None else f"{fn(bef, p)} → {fn(fig, p)}" for p in PATHS]
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        if args.details:
            for path in PATHS:
                if fig["failures"][path]:
                    lines += ["", f"{path}: " + "; ".join(fig["failures"][path])]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="+", help="probe sets (file stems; default: all)")
    ap.add_argument("--rev", help="git revision for the before column")
    ap.add_argument("--details", action="store_true", help="list failing ids, turns and types")
    ap.add_argument("--notes", type=Path, help="a text file appended to the report")
    ap.add_argument("--out", type=Path, help="write the markdown report here")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    sets = args.sets or sorted(p.stem for p in PROBES.glob("*.jsonl"))
    if args.child:
        print(json.dumps(score_probes(sets)))
        return 0
    after = score_probes(sets)
    before = _rev_figures(args.rev, sets) if args.rev else None
    notes = args.notes.read_text(encoding="utf-8").splitlines() if args.notes else []
    report = render(after, before, args, notes)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
