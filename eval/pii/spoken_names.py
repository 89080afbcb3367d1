"""Names as callers say and spell them on the phone: hand-written cases, before → after.

Cases (``eval/pii/spoken_names/*.tsv``, hand-written, not from any corpus), one a line,
tab-separated ``kind  secret  turns``; turns are joined by ``||``, an ``a:`` prefix
makes a turn the agent's (``c:`` or none: the customer's):

* ``P``: every character of ``secret`` (a name, or the characters of it said or spelled)
  must be gone from all redacted turns;
* ``N``: no PERSON span anywhere (everyday speech, tricky words).

Sets: ``dev.tsv`` (probes used while building the spelling rules: error analysis) and
``fresh*.tsv`` (each written blind after the rules of its time were in, and measured
before anything was changed for it: the held-out checks; the report's notes say which
were analysed afterwards). Only line numbers of failing cases are reported.

Usage::

    .venv/bin/python -m eval.pii.spoken_names --rev 886df4a --out eval/pii/SPOKEN_NAMES.md

``--rev`` also runs the code of that git revision (``triage``, ``models``,
``pipelines`` extracted beside the working tree) for the before column.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CASES = HERE / "spoken_names"


#: How the sets were used (kept with the report).
NOTES = (
    "Blind figures: `fresh` scored 24/24 and 0/39 when first run (the spelling rules of",
    "582b38a without its last two additions); reading its redacted output then showed a",
    "character spelled by its parts (邹: 一个刍加一个耳朵旁; 邓: 又字旁一个登) left in",
    "place, which its secrets do not count; 582b38a fixed that. `fresh2` was written after",
    "582b38a and scored 17/20 and 1/30 blind there (added in 449fa8a); 89c0289 fixed its",
    "four errors, so it counts as analysed now. `fresh3` was written after bf80caa and",
    "scored 14/15 and 0/20 blind there (added in 335ed6f); nothing was changed for it",
    "(its miss, 山石岩, names a character by two parts with no 的 or 加).",
    "The public corpora in REPORT.md (names, organisations, O chars) are unchanged by",
    "this work: the same figures before and after on every reported split.",
)


def read_cases(path: Path) -> list[tuple[int, str, str, list[tuple[str, str]]]]:
    """``(line, kind, secret, turns)`` of a case file; turns as ``(speaker, text)``."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, secret, turns = line.split("\t")
        parsed = []
        for t in turns.split("||"):
            speaker = "agent" if t.startswith("a:") else "customer"
            parsed.append((speaker, t[2:] if t[:2] in ("a:", "c:") else t))
        out.append((n, kind, secret, parsed))
    return out


def run_cases() -> dict[str, dict[str, list[int] | int]]:
    """Figures of the ``triage`` importable here, per case file."""
    from triage.redact import redact_turns
    from triage.schema import Turn

    figures: dict[str, dict[str, list[int] | int]] = {}
    for path in sorted(CASES.glob("*.tsv")):
        pos = neg = 0
        leaked: list[int] = []
        flagged: list[int] = []
        for n, kind, secret, turns in read_cases(path):
            red, ents = redact_turns(tuple(Turn(s, t) for s, t in turns))
            if kind == "P":
                pos += 1
                text = "".join(t.text for t in red)
                if any(c in text for c in secret):
                    leaked.append(n)
            else:
                neg += 1
                if any(e.type == "PERSON" for e in ents):
                    flagged.append(n)
        figures[path.stem] = {"P": pos, "N": neg, "leaked": leaked, "flagged": flagged}
    return figures


def _rev_figures(rev: str) -> dict[str, dict[str, list[int] | int]]:
    """:func:`run_cases` on the code of ``rev`` (a fresh process, the revision first)."""
    sys.path.insert(0, str(REPO))
    from eval.gitrev import extract

    with tempfile.TemporaryDirectory() as tmp:
        extract(rev, Path(tmp))
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([tmp, str(REPO)]))
        done = subprocess.run(
            [sys.executable, str(Path(__file__)), "--child"],
            env=env,
            cwd=tmp,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _cell(fig: dict, key: str, total: str) -> str:
    bad = len(fig[key])
    return f"{fig[total] - bad}/{fig[total]}" if key == "leaked" else f"{bad}/{fig[total]}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", help="git revision for the before column")
    ap.add_argument("--out", type=Path, help="write a markdown report here")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(run_cases()))
        return 0
    after = run_cases()
    before = _rev_figures(args.rev) if args.rev else None
    rev_arg = f" --rev {args.rev}" if args.rev else ""
    out_arg = f" --out {args.out}" if args.out else ""
    lines = [
        "# Spoken and spelled names (hand-written cases)",
        "",
        f"Command: `.venv/bin/python -m eval.pii.spoken_names{rev_arg}{out_arg}`  ",
        f"Machine: {platform.platform()}, {os.cpu_count()} CPU cores, "
        f"Python {platform.python_version()}  ",
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        "P: cases whose name characters are all gone (fully masked). N: everyday or tricky",
        "sentences with a PERSON span (over-masking). `dev` was used for error analysis;",
        "the `fresh*` sets were written blind, one after another (see the notes below).",
        "",
        "| set | P fully masked | N with a PERSON span | failing lines (P) | failing lines (N) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, fig in after.items():
        p, n = _cell(fig, "leaked", "P"), _cell(fig, "flagged", "N")
        if before and name in before:
            p = f"{_cell(before[name], 'leaked', 'P')} → {p}"
            n = f"{_cell(before[name], 'flagged', 'N')} → {n}"
        lines.append(
            f"| {name} | {p} | {n} | {', '.join(map(str, fig['leaked'])) or '-'} "
            f"| {', '.join(map(str, fig['flagged'])) or '-'} |"
        )
    if before:
        lines += ["", f"Before: the code of `{args.rev}`; after: the working tree."]
    lines += ["", *NOTES]
    report = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
