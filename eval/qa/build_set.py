"""Builds ``labelled.jsonl`` from the hand-written ``labelled.txt``.

``labelled.txt`` holds the QA evaluation set, written one interaction at a
time. Each record starts with a header line::

    # <id> | <call|chat> | <split> | seg=<segment> | intent=<label> | fail=C01,C09 | app=C07

followed by one line per turn, ``A:`` agent, ``C:`` customer, ``S:`` system.
A turn may pin its timing: ``A@45: …`` (start second) or ``A@2.0-6.5: …``.
Turns without timing follow the previous one: calls at 4.5 characters per
second with a 0.5 s gap; chat messages 12 s (agent) / 15 s (customer) apart.

Labels: every rule in ``fail`` failed (a QA reviewer would deduct it); C03,
C07 and C08 apply only where listed in ``app`` or ``fail``; C12 does not
apply to chats; every other rule applies and passed. Text is redacted text
(PII appears as type tags).

C10 convention (session 16, lead decision: 客户先挂机不扣结束语): when the customer ends the
call or chat first (挂了啊, 先挂了, 先这样吧, 不用了 拜拜 as the customer's last turn, no agent
turn after it), C10 does not fail. It still fails when the agent's turn before that goodbye
already ended the call without the closing (嗯好 那就这样 → 拜拜) and when an agent turn follows
the goodbye without it. Older records relabelled to match: qa-158, qa-301, qa-2302.

Usage: ``python eval/qa/build_set.py`` (writes ``eval/qa/labelled.jsonl``).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RULES = [f"C{i:02d}" for i in range(1, 14)]
CONDITIONAL = {"C03", "C07", "C08"}
#: Splits in the order they were written (see HISTORY.md).
SPLITS = (
    "dev",
    "test",
    "holdout",
    "holdout2",
    "holdout3",
    "holdout4",
    "holdout5",
    "holdout6",
    "holdout7",
    "holdout8",
    "holdout9",
    "holdout10",
    "holdout11",
    "holdout12",
    "holdout13",
    "holdout14",
    "holdout15",
    "holdout16",
    "holdout17",
    "holdout18",
    "holdout19",
    "holdout20",
    "holdout21",
    "holdout22",
    "holdout23",
    "holdout24",
    "holdout25",
    "holdout26",
    "holdout27",
    "holdout28",
    "holdout29",
    "holdout30",
    "holdout31",
    "holdout32",
    "holdout33",
    "holdout34",
    "holdout35",
    "holdout36",
)
_TURN = re.compile(r"^([ACS])(?:@([0-9.]+)(?:-([0-9.]+))?)?[:：]\s?(.*)$")
SPEAKER = {"A": "agent", "C": "customer", "S": "system"}


def _labels(channel: str, fail: set[str], app: set[str]) -> dict[str, str]:
    labels = {}
    for r in RULES:
        if r in fail:
            labels[r] = "fail"
        elif (r in CONDITIONAL and r not in app) or (r == "C12" and channel == "chat"):
            labels[r] = "na"
        else:
            labels[r] = "pass"
    return labels


def parse(text: str) -> list[dict]:
    """Parse the authoring format into records."""
    records: list[dict] = []
    cur: dict | None = None
    clock = 0.0
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("//"):
            continue
        if line.startswith("#"):
            parts = [p.strip() for p in line[1:].split("|")]
            rid, channel, split = parts[0], parts[1], parts[2]
            meta = dict(p.split("=", 1) for p in parts[3:] if "=" in p)
            fail = {x for x in meta.get("fail", "").split(",") if x}
            app = {x for x in meta.get("app", "").split(",") if x}
            bad = (fail | app) - set(RULES)
            if channel not in ("call", "chat") or split not in SPLITS or bad:
                sys.exit(f"labelled.txt:{n}: bad header")
            cur = {
                "id": rid,
                "channel": channel,
                "split": split,
                "turns": [],
                "labels": _labels(channel, fail, app),
            }
            if meta.get("seg"):
                cur["customer"] = {"segment": meta["seg"]}
            if meta.get("intent"):
                cur["intent"] = meta["intent"]
            records.append(cur)
            clock = 0.0
            continue
        m = _TURN.match(line)
        if cur is None or m is None:
            sys.exit(f"labelled.txt:{n}: expected a header or a turn")
        sp, start, end, body = m.groups()
        chat = cur["channel"] == "chat"
        if start is not None:
            s = float(start)
        elif not cur["turns"]:
            s = 0.0
        else:
            s = clock + (0.5 if not chat else (12.0 if sp == "A" else 15.0))
        turn = {"speaker": SPEAKER[sp], "text": body, "start": round(s, 1)}
        if not chat:
            e = float(end) if end is not None else s + max(0.8, len(body) / 4.5)
            turn["end"] = round(e, 1)
            clock = max(e, clock) if start is None else e
        else:
            clock = s
        cur["turns"].append(turn)
    return records


def main() -> int:
    """Write labelled.jsonl and print counts."""
    records = parse((HERE / "labelled.txt").read_text(encoding="utf-8"))
    ids = [r["id"] for r in records]
    if len(ids) != len(set(ids)):
        sys.exit("duplicate ids in labelled.txt")
    with open(HERE / "labelled.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    fails = sum(v == "fail" for r in records for v in r["labels"].values())
    print(f"{len(records)} interactions, {fails} labelled violations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
