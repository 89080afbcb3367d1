"""CPU of the PERSON recognizer, a git revision's ``person_name.py`` vs the working tree's.

The live hook replays the service benchmark chats (``eval/bench/chats.jsonl``,
``data_samples/chats.jsonl``) once, recording every text and NLP view the PERSON
recognizer is given; both recognizers then run over exactly those inputs, interleaved
in this one process (``--reps`` passes each, alternating order), so machine load
affects both alike. Only ``person_name.py`` is taken from ``--rev`` (read with ``git
show``; its imports resolve against the current code): the figure is the recognizer's
own cost, beside the redact stage's CPU per message of the same replay.

Usage::

    .venv/bin/python eval/bench/person_cpu.py --rev 886df4a
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO))

CHATS = [REPO / "eval" / "bench" / "chats.jsonl", REPO / "data_samples" / "chats.jsonl"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", default="HEAD", help="git revision of person_name.py (HEAD)")
    ap.add_argument("--reps", type=int, default=10, help="passes per side (10)")
    args = ap.parse_args(argv)

    from eval.gitrev import load_module
    from triage.hook import ChatHook
    from triage.pipeline import Pipeline
    from triage.redact.recognizers import person_name

    old_cls = load_module(
        args.rev, "triage/redact/recognizers/person_name.py", "_person_rev"
    ).PersonNameRecognizer
    new_cls = person_name.PersonNameRecognizer
    calls: list[tuple[str, Any]] = []
    original = new_cls.find

    def record(self: Any, text: str, nlp: Any) -> Any:
        calls.append((text, nlp))
        return original(self, text, nlp)

    new_cls.find = record  # type: ignore[method-assign]
    pipeline = Pipeline.from_config(REPO / "pipelines" / "default.yaml")
    pipeline.setup()
    cpu: dict[str, float] = {}
    hook = ChatHook(
        pipeline, observers=[], stage_cpu_timer=lambda n, s: cpu.__setitem__(n, cpu.get(n, 0) + s)
    )
    sent = 0
    for path in CHATS:
        for k, line in enumerate(path.read_text("utf-8").splitlines()):
            rec = json.loads(line) if line.strip() else {}
            if rec.get("channel") != "chat":
                continue
            chat_id = f"{path.stem}-{k}"
            for t in rec.get("turns", []):
                if t.get("text"):
                    hook.add_message(
                        chat_id, t["speaker"], t["text"], float(sent), rec.get("customer")
                    )
                    sent += 1
            hook.end_chat(chat_id)
    new_cls.find = original  # type: ignore[method-assign]

    old, new = old_cls(), new_cls()
    old.load()
    new.load()
    spent = {"rev": 0.0, "tree": 0.0}
    for rep in range(args.reps):
        sides = [("rev", old), ("tree", new)]
        for name, rec in sides if rep % 2 else sides[::-1]:
            t0 = time.process_time()
            for text, view in calls:
                rec.find(text, view)
            spent[name] += time.process_time() - t0
    per = {k: v / args.reps / sent * 1e6 for k, v in spent.items()}
    redact = cpu.get("redact", 0.0) / sent * 1e6
    print(f"{sent} messages, {sum(len(t) for t, _ in calls)} characters analysed")
    print(f"redact stage CPU (this replay, tree): {redact:.0f} us/msg")
    print(
        f"PERSON recognizer CPU, {args.rev} -> working tree: {per['rev']:.1f} -> "
        f"{per['tree']:.1f} us/msg ({per['tree'] - per['rev']:+.1f} us, "
        f"{(per['tree'] - per['rev']) / redact:+.1%} of the redact stage)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
