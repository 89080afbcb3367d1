"""Benchmark input: a realistic mix of calls of several minutes and chats, any size.

Built from the hand-written interactions in ``data_samples/`` (synthetic, no
real customer data): a call stitches the turns of 3-5 sample calls into one
conversation of roughly 3-6 minutes (50-70 turns, timestamps recomputed from
text length at an ASR-like speaking rate, short pauses, the odd long hold);
a chat stitches 1-2 sample chats with message times a few seconds to a
minute apart. Every record gets a unique id; the generator is seeded, so a
size always gives the same file.

Usage::

    python eval/bench/batch_data.py --n 1000 --out /tmp/bench_1k.jsonl [--call-share 0.6]
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "data_samples"
CHARS_PER_SECOND = 4.5  # Mandarin conversational speech, roughly 250-300 characters a minute


def _load(name: str) -> list[dict[str, Any]]:
    with open(SAMPLES / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _call(rng: random.Random, calls: list[dict[str, Any]], n: int) -> dict[str, Any]:
    parts = rng.sample(calls, rng.randint(3, 5))
    turns: list[dict[str, Any]] = []
    t = 0.0
    for part in parts:
        for turn in part["turns"]:
            dur = max(0.8, len(turn["text"]) / CHARS_PER_SECOND * rng.uniform(0.8, 1.2))
            turns.append(
                {
                    "speaker": turn["speaker"],
                    "text": turn["text"],
                    "start": round(t, 2),
                    "end": round(t + dur, 2),
                }
            )
            t += dur + (rng.uniform(15, 40) if rng.random() < 0.02 else rng.uniform(0.2, 1.5))
    return _record("call", n, parts[0], turns)


def _record(channel: str, n: int, base: dict[str, Any], turns: list[dict[str, Any]]
            ) -> dict[str, Any]:
    """A SPEC §2 record: new id and turns, metadata of the first sampled interaction."""
    rec: dict[str, Any] = {"id": f"bench-{channel}-{n:07d}", "channel": channel}
    for key in ("started_at", "agent", "customer"):
        if key in base:
            rec[key] = base[key]
    rec["turns"] = turns
    return rec


def _chat(rng: random.Random, chats: list[dict[str, Any]], n: int) -> dict[str, Any]:
    parts = rng.sample(chats, rng.randint(1, 2))
    turns: list[dict[str, Any]] = []
    t = 0.0
    for part in parts:
        for turn in part["turns"]:
            turns.append({"speaker": turn["speaker"], "text": turn["text"], "start": round(t, 1)})
            t += rng.uniform(3, 60)
    return _record("chat", n, parts[0], turns)


def generate(n: int, seed: int = 8, call_share: float = 0.6) -> Iterator[dict[str, Any]]:
    """``n`` interactions, calls with probability ``call_share``."""
    rng = random.Random(seed)
    calls, chats = _load("calls.jsonl"), _load("chats.jsonl")
    for i in range(n):
        yield _call(rng, calls, i) if rng.random() < call_share else _chat(rng, chats, i)


def write(path: Path, n: int, seed: int = 8, call_share: float = 0.6) -> Path:
    """Write ``n`` interactions to ``path`` (JSON Lines)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for rec in generate(n, seed, call_share):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--call-share", type=float, default=0.6)
    args = ap.parse_args()
    write(args.out, args.n, args.seed, args.call_share)


if __name__ == "__main__":
    main()
