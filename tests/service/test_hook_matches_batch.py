"""The live hook decides exactly as the batch pipeline (``triage score``) on the same chat.

Real default pipeline, in process: every chat of the benchmark set is sent message by
message; after each message the hook's decision must equal the batch result for the
chat so far, and the record the hook returns when the chat ends must equal the batch
record of the whole chat (redacted turns, PII, intent, severity, QA, route, review).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from triage.hook import ChatHook
from triage.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[2]
CHATS = REPO / "eval" / "bench" / "chats.jsonl"
ROUTE_KEYS = ("queue", "priority", "sla_minutes", "escalate")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hook() -> ChatHook:
    return ChatHook(Pipeline.from_config(None), observers=[])


def _chats() -> list[dict]:
    chats = []
    with open(CHATS, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                chat = json.loads(line)
                # Explicit times, so that both paths see the same turns.
                for i, turn in enumerate(chat["turns"]):
                    turn.setdefault("start", 7.0 * i)
                chats.append(chat)
    return chats


def _decision_of(record: dict) -> dict:
    return {
        "intent": record["intent"]["label"],
        "confidence": round(record["intent"]["confidence"], 4),
        "secondary": record["intent"]["secondary"],
        "severity": record["severity"]["level"],
        "reasons": record["severity"]["reasons"],
        "route": {k: record["route"][k] for k in ROUTE_KEYS},
        "review": record["review"]["flagged"],
        "qa_score": record["qa"]["score"],
    }


def _live(decision: dict) -> dict:
    return {
        "intent": decision["intent"]["label"],
        "confidence": decision["intent"]["confidence"],
        "secondary": decision["intent"]["secondary"],
        "severity": decision["severity"]["level"],
        "reasons": decision["severity"]["reasons"],
        "route": {k: decision["route"][k] for k in ROUTE_KEYS},
        "review": decision["flags"]["review"],
        "qa_score": decision["flags"]["qa_score"],
    }


@pytest.mark.parametrize("chat", _chats(), ids=lambda c: c["id"])
def test_hook_matches_batch_pipeline_message_by_message(hook, chat):
    chat_id = f"eq-{chat['id']}"
    for k, turn in enumerate(chat["turns"], start=1):
        decision = hook.add_message(
            chat_id, turn["speaker"], turn["text"], start=turn["start"],
            customer=chat.get("customer"),
        )
        prefix = {**chat, "turns": chat["turns"][:k]}
        assert _live(decision) == _decision_of(hook.score(prefix)), f"after message {k}"
    live = hook.end_chat(chat_id)
    batch = hook.score(chat)
    assert live is not None
    assert {**live, "id": chat["id"]} == batch
