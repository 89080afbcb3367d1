"""CPU per message of the live-chat hook in process (no HTTP): per stage and in total.

Replays the bench chats (``eval/bench/chats.jsonl`` + ``data_samples/chats.jsonl``)
message by message through :class:`triage.hook.ChatHook`, each replay under a
fresh chat id (as the load generator does), after one warm-up pass. CPU time
(not wall time) barely changes when other jobs share the machine, so this is
the figure to compare before/after a change on a busy machine; the HTTP
figures are ``eval/bench/service_load.py``'s.

Run::

    .venv/bin/python eval/bench/hook_cpu.py                 # 3 passes over the chats
    .venv/bin/python eval/bench/hook_cpu.py --config pipelines/default.yaml --rounds 5
    .venv/bin/python eval/bench/hook_cpu.py --compare-context   # context test on vs off

``--compare-context`` replays the chats alternately through two hooks on the same
pipeline, with and without the redaction's context test (``ChatHook(context_test=...)``:
off, a message that may hold a number is always redacted with the chat's last
turns), and reports both CPU figures and whether every decision was the same.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHATS = [REPO / "eval" / "bench" / "chats.jsonl", REPO / "data_samples" / "chats.jsonl"]


def load_chats(paths: list[Path]) -> list[dict]:
    """Chat records with text turns."""
    out = []
    for path in paths:
        if not path.exists():
            continue
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    rec = json.loads(line)
                    if rec.get("channel") == "chat":
                        rec["turns"] = [t for t in rec.get("turns", []) if t.get("text")]
                        out.append(rec)
    if not out:
        raise SystemExit("no chats to replay (eval/bench/chats.jsonl missing?)")
    return out


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", type=Path, default=REPO / "pipelines" / "default.yaml")
    ap.add_argument("--rounds", type=int, default=3, help="measured passes over the chats (3)")
    ap.add_argument(
        "--compare-context",
        action="store_true",
        help="alternate hooks with the context test on and off; CPU of both, same decisions?",
    )
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from triage.hook import ChatHook
    from triage.pipeline import Pipeline

    cpu: collections.Counter[str] = collections.Counter()
    pipeline = Pipeline.from_config(args.config)
    pipeline.setup()
    if args.compare_context:
        return compare_context(pipeline, load_chats(CHATS), args.rounds)
    hook = ChatHook(
        pipeline, observers=[], stage_cpu_timer=lambda name, s: cpu.__setitem__(name, cpu[name] + s)
    )
    chats = load_chats(CHATS)
    serial = 0

    def replay() -> int:
        nonlocal serial
        n = 0
        for rec in chats:
            serial += 1
            chat_id = f"bench-{serial}"
            for t in rec["turns"]:
                hook.add_message(
                    chat_id, t["speaker"], t["text"], t.get("start"), rec.get("customer")
                )
                n += 1
            hook.end_chat(chat_id)
        return n

    replay()  # warm-up
    cpu.clear()
    c0 = time.process_time()
    n = sum(replay() for _ in range(args.rounds))
    total = (time.process_time() - c0) * 1000 / n
    print(f"{n} messages ({len(chats)} chats x {args.rounds}); config {args.config}")
    print("| stage | CPU ms/msg |\n|---|---:|")
    for name, seconds in cpu.items():
        print(f"| {name} | {seconds * 1000 / n:.2f} |")
    print(f"| **all stages** | {sum(cpu.values()) * 1000 / n:.2f} |")
    print(f"| **process (stages + hook)** | {total:.2f} |")
    return 0


def compare_context(pipeline, chats: list[dict], rounds: int) -> int:  # type: ignore[no-untyped-def]
    """CPU per message with the context test on and off, alternated; same decisions?"""
    from triage.hook import ChatHook

    hooks = {
        "on": ChatHook(pipeline, observers=[], context_test=True),
        "off": ChatHook(pipeline, observers=[], context_test=False),
    }
    cpu: dict[str, list[float]] = {k: [] for k in hooks}
    answers: dict[str, list] = {k: [] for k in hooks}
    for r in range(rounds + 1):  # the first round warms up
        for name, hook in hooks.items():
            out: list = []
            n = 0
            c0 = time.process_time()
            for k, rec in enumerate(chats):
                chat_id = f"ctx-{r}-{k}"
                for t in rec["turns"]:
                    out.append(
                        hook.add_message(
                            chat_id, t["speaker"], t["text"], float(n), rec.get("customer")
                        )
                    )
                    n += 1
                out.append(hook.end_chat(chat_id))
            if r:
                cpu[name].append((time.process_time() - c0) * 1000 / n)
                answers[name].append([{**a, "chat_id": None} for a in out if a])
    same = answers["on"] == answers["off"]
    print(f"{len(chats)} chats x {rounds} rounds, alternated; CPU ms/msg (process):")
    for name, values in cpu.items():
        runs = ", ".join(f"{v:.2f}" for v in values)
        print(f"  context test {name}: median {sorted(values)[len(values) // 2]:.2f} ({runs})")
    print(f"same decisions and records: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
