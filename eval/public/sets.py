"""Readers for the public customer-service sets in ``--data-dir`` (read in place, never copied).

Each reader turns a set's items into SPEC §2 input records plus the set's own label,
as :class:`Item` objects. The records are what the pipeline scores; the labels stay
here for the metrics (:mod:`eval.public.metrics`). A missing file raises
``FileNotFoundError`` naming it, so the runner can skip the set with a clear message.

How each set becomes records (its folder README gives the mapping to SPEC codes):

* ``cocc_complaint_orders/COCC.txt`` (China Mobile complaint tickets, 8 categories):
  the ticket text as one customer chat message. The tickets are staff write-ups of
  what the customer said (客户反映…), every one a complaint.
* ``waimai_10k/waimai_10k.csv`` (food-delivery reviews, 1 positive / 0 negative) and
  ``conversation_sentiment/sentiment_XS_test.txt`` (chit-chat utterances,
  positive/negative, word-segmented: the spaces are removed): the text as the
  customer's turn of a three-turn chat, between an agent greeting and a neutral
  agent answer with no apology (:data:`GREETING`, :data:`NEUTRAL_REPLY`), so that
  C07 (apology when the customer is upset) fails exactly when the customer turn
  reads as upset.
* ``mobilecs_seretod_sample/example.json`` (10 real call-centre dialogues): one call
  each, agent (``[SPEAKER 1]``) first in every pair, with the agent intents
  (问候, 再见, 客套…) of each turn kept for C01/C10.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The agent turn before the customer's in the sentiment-style sets.
GREETING = "您好，请问有什么可以帮您？"
#: The agent turn after it: neither an apology nor empathy.
NEUTRAL_REPLY = "好的，我帮您看一下。"


@dataclass(frozen=True)
class Item:
    """One record to score and the set's label for it."""

    record: dict[str, Any]
    label: str
    extra: dict[str, Any] = field(default_factory=dict)


def _require(path: Path) -> Path:
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found")
    return path


def _three_turns(rid: str, text: str) -> dict[str, Any]:
    return {
        "id": rid,
        "channel": "chat",
        "turns": [
            {"speaker": "agent", "text": GREETING},
            {"speaker": "customer", "text": text},
            {"speaker": "agent", "text": NEUTRAL_REPLY},
        ],
    }


def cocc(data_dir: Path) -> Iterator[Item]:
    """COCC complaint tickets (``text<TAB>category``), one chat message each."""
    path = _require(data_dir / "cocc_complaint_orders" / "COCC.txt")
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            text, sep, label = line.rstrip("\n").rpartition("\t")
            if not sep or not text.strip():
                continue
            rec = {
                "id": f"cocc-{n}",
                "channel": "chat",
                "turns": [{"speaker": "customer", "text": text.strip()}],
            }
            yield Item(rec, label.strip())


def waimai(data_dir: Path) -> Iterator[Item]:
    """Food-delivery reviews (``label,review``; 1 positive, 0 negative)."""
    path = _require(data_dir / "waimai_10k" / "waimai_10k.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), 1):
            text = (row.get("review") or "").strip()
            if text:
                label = "positive" if row.get("label") == "1" else "negative"
                yield Item(_three_turns(f"waimai-{n}", text), label)


def sentiment(data_dir: Path) -> Iterator[Item]:
    """Conversation sentiment utterances (``labels,text``, text segmented with spaces)."""
    path = _require(data_dir / "conversation_sentiment" / "sentiment_XS_test.txt")
    with open(path, encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), 1):
            text = "".join((row.get("text") or "").split())
            if text:
                yield Item(_three_turns(f"sentiment-{n}", text), row.get("labels", "").strip())


def mobilecs(data_dir: Path) -> Iterator[Item]:
    """MobileCS sample dialogues as calls; ``extra['agent_intents']`` per agent turn."""
    path = _require(data_dir / "mobilecs_seretod_sample" / "example.json")
    dialogues = json.loads(path.read_text(encoding="utf-8"))
    for d in dialogues:
        turns: list[dict[str, str]] = []
        intents: list[list[str]] = []
        for pair in d.get("content", []):
            agent = (pair.get("[SPEAKER 1]") or "").strip()
            user = (pair.get("[SPEAKER 2]") or "").strip()
            if agent:
                turns.append({"speaker": "agent", "text": agent})
                intents.append([s.strip() for s in str(pair.get("客服意图", "")).split(",")])
            if user:
                turns.append({"speaker": "customer", "text": user})
        if turns:
            rec = {"id": f"mobilecs-{d.get('id', len(turns))}", "channel": "call", "turns": turns}
            yield Item(rec, "dialogue", {"agent_intents": intents})


#: Set name -> reader, in report order.
READERS = {
    "cocc": cocc,
    "waimai": waimai,
    "sentiment": sentiment,
    "mobilecs": mobilecs,
}
