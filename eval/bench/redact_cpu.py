"""CPU of the ``redact`` stage, a git revision vs the working tree: live hook, batch, same output.

Runs the revision's code (``git archive`` of ``triage``, ``models``, ``pipelines``)
and the working tree in alternating fresh processes (``--pairs`` of them):

* live: the chats of the service benchmark (``eval/bench/chats.jsonl`` and
  ``data_samples/chats.jsonl``) sent message by message through
  :class:`triage.hook.ChatHook` (fresh chat ids, one warm-up round, then
  ``--rounds``); the redact stage's CPU per message (thread CPU, as
  ``eval/bench/hook_cpu.py`` and the service count it);
* batch: ``normalize`` + ``redact`` over ``batch_data`` records (``--n``) in
  batches of 64, ``--reps`` passes after a warm-up pass; the least redact CPU
  of the passes.

CPU time barely moves when other jobs share the machine, and the two sides
alternate, so the ratio holds on a busy machine. Both sides' outputs are
compared: every hook answer (redacted text, PII types, intent, severity,
route, flags, the final record of each chat) and every batch record's
entities and redacted turns must be identical.

Usage::

    .venv/bin/python eval/bench/redact_cpu.py --rev 8c90aad          # before the speed work
    .venv/bin/python eval/bench/redact_cpu.py --rev HEAD --pairs 1 --n 64   # quick check
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))

from eval.gitrev import extract  # noqa: E402

CHATS = [REPO / "eval" / "bench" / "chats.jsonl", REPO / "data_samples" / "chats.jsonl"]


def _chats() -> list[dict]:
    out = []
    for path in CHATS:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                if rec.get("channel") == "chat":
                    rec["turns"] = [t for t in rec.get("turns", []) if t.get("text")]
                    out.append(rec)
    return out


def child(repo: Path, bench: Path, out: Path, rounds: int, reps: int) -> None:
    """One side's measurements in this (fresh) process, written to ``out`` as JSON."""
    sys.path.insert(0, str(repo))
    import triage

    assert Path(triage.__file__).resolve().is_relative_to(repo.resolve()), triage.__file__
    from triage.hook import ChatHook
    from triage.io.options import ReaderOptions
    from triage.io.validate import to_doc
    from triage.pipeline import Pipeline

    pipeline = Pipeline.from_config(repo / "pipelines" / "default.yaml")
    pipeline.setup()
    cpu: dict[str, float] = {}

    def add(name: str, seconds: float) -> None:
        cpu[name] = cpu.get(name, 0.0) + seconds

    hook = ChatHook(pipeline, observers=[], stage_cpu_timer=add)
    gc.collect()
    gc.freeze()
    chats = _chats()
    digest = hashlib.sha256()

    def play(tag: str, keep: bool) -> int:
        sent = 0
        for k, rec in enumerate(chats):
            chat_id = f"{tag}-{k}"
            for t in rec["turns"]:
                ans = hook.add_message(chat_id, t["speaker"], t["text"], float(sent),
                                       rec.get("customer"))
                sent += 1
                if keep:
                    digest.update(json.dumps({**ans, "chat_id": k}, sort_keys=True,
                                             ensure_ascii=False).encode())
            end = hook.end_chat(chat_id)
            if keep:
                digest.update(json.dumps({**(end or {}), "id": k}, sort_keys=True,
                                         ensure_ascii=False).encode())
        return sent

    play("warm", keep=True)
    cpu.clear()
    sent = sum(play(f"r{r}", keep=False) for r in range(rounds))
    live_ms = cpu.get("redact", 0.0) / sent * 1000
    live_total_ms = sum(cpu.values()) / sent * 1000

    stages = [s for s in pipeline.stages if s.name in ("normalize", "redact")]
    opts = ReaderOptions(limits=pipeline.config.limits)
    records = [json.loads(x) for x in bench.read_text("utf-8").splitlines() if x.strip()]
    passes: list[float] = []
    batch_digest = hashlib.sha256()
    for rep in range(reps + 1):  # the first pass warms up
        docs = [to_doc(r, "bench", i + 1, opts) for i, r in enumerate(records)]
        spent = 0.0
        for b in range(0, len(docs), 64):
            batch = docs[b : b + 64]
            for stage in stages:
                c0 = time.process_time()
                stage.process_batch(batch)
                if stage.name == "redact":
                    spent += time.process_time() - c0
            if rep == 0:
                for d in batch:
                    batch_digest.update(json.dumps(
                        [[dataclasses.astuple(e) for e in d.entities],
                         [dataclasses.astuple(t) for t in d.redacted]],
                        ensure_ascii=False).encode())
        if rep:
            passes.append(spent)
    out.write_text(json.dumps({
        "messages": sent,
        "live_redact_ms": live_ms,
        "live_stages_ms": live_total_ms,
        "batch_redact_s": min(passes),
        "records": len(records),
        "live_digest": digest.hexdigest(),
        "batch_digest": batch_digest.hexdigest(),
    }))


def main() -> int:
    """Entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", default="HEAD", help="git revision to compare with (HEAD)")
    ap.add_argument("--pairs", type=int, default=3, help="alternating process pairs (3)")
    ap.add_argument("--rounds", type=int, default=3, help="live replays of the chats (3)")
    ap.add_argument("--n", type=int, default=300, help="batch_data records (300)")
    ap.add_argument("--reps", type=int, default=2, help="measured batch passes (2)")
    ap.add_argument("--child", nargs=3, metavar=("REPO", "BENCH", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        repo, bench, out = (Path(p) for p in args.child)
        child(repo, bench, out, args.rounds, args.reps)
        return 0
    sys.path.insert(0, str(HERE))
    import batch_data

    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        old = extract(args.rev, tmp / "old")
        bench = batch_data.write(tmp / "bench.jsonl", args.n)
        runs: dict[str, list[dict]] = {"old": [], "new": []}
        for p in range(args.pairs):
            for side, repo in (("old", old), ("new", REPO)):
                out = tmp / f"{side}{p}.json"
                subprocess.run(
                    [sys.executable, __file__, "--rounds", str(args.rounds), "--reps",
                     str(args.reps), "--child", str(repo), str(bench), str(out)],
                    check=True,
                )
                r = json.loads(out.read_text())
                runs[side].append(r)
                print(f"pair {p + 1} {side}: live redact {r['live_redact_ms']:.3f} ms/msg "
                      f"(all stages {r['live_stages_ms']:.2f}), batch redact "
                      f"{r['batch_redact_s']:.3f} s", flush=True)
    print(f"\nredact stage CPU, {args.rev} -> working tree, best of {args.pairs} processes each:")
    for key, unit, what in (
        ("live_redact_ms", "ms/msg", f"live hook ({runs['old'][0]['messages']} messages)"),
        ("batch_redact_s", "s", f"batch ({runs['old'][0]['records']} records)"),
    ):
        o = min(r[key] for r in runs["old"])
        n = min(r[key] for r in runs["new"])
        print(f"  {what}: {o:.3f} -> {n:.3f} {unit} ({(n - o) / o:+.0%})")
    same = True
    for key in ("live_digest", "batch_digest"):
        digests = {r[key] for rs in runs.values() for r in rs}
        same &= len(digests) == 1
        print(f"  {key.split('_')[0]} outputs identical: {'yes' if len(digests) == 1 else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
