"""The per-chat memo (``Doc.cache``) the live hook keeps: same QA result as without it."""

from __future__ import annotations

import json
from pathlib import Path

from triage.config import load_pipeline_config
from triage.qa.stage import QAStage
from triage.schema import Intent, Interaction, Severity, Turn
from triage.stage import Doc

SAMPLES = Path(__file__).resolve().parents[2] / "data_samples"


def _doc(turns: tuple[Turn, ...], cache: dict | None) -> Doc:
    d = Doc(Interaction("c1", "chat", turns, {}))
    d.redacted = turns
    d.entities = ()
    d.intent = Intent("complaint", 0.9)
    d.severity = Severity("P2")
    d.cache = cache
    return d


def _records() -> list[tuple[Turn, ...]]:
    out = []
    for name in ("chats.jsonl", "calls.jsonl"):
        with open(SAMPLES / name, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                turns = tuple(
                    Turn(t["speaker"], t["text"], t.get("start"))
                    for t in rec.get("turns", [])
                    if t.get("text")
                )
                if turns:
                    out.append(turns)
    return out[:12]


def test_stage_memo_growing_chat_same_result_as_fresh_context() -> None:
    """Scoring a chat turn by turn with one memo gives what a memo-less pass gives."""
    stage = QAStage(config=load_pipeline_config(), rules="qa_rules", pass_mark=80)
    stage.setup()
    used = 0
    for turns in _records():
        cache: dict = {}
        for n in range(1, len(turns) + 1):
            with_memo = _doc(turns[:n], cache)
            stage.process(with_memo)
            plain = _doc(turns[:n], None)
            stage.process(plain)
            assert with_memo.qa == plain.qa
        used += len(cache.get("qa", {}))
    assert used > 0  # the memo was filled (per-turn hits of text matchers)


def test_stage_memo_entry_is_reused_for_a_known_turn() -> None:
    """A turn's hits are looked up, not recomputed, when the chat is scored again."""
    stage = QAStage(config=load_pipeline_config(), rules="qa_rules", pass_mark=80)
    stage.setup()
    turns = (
        Turn("agent", "您好，XX银行客服中心，工号1023。", 0.0),
        Turn("customer", "这个理财会亏吗？", 1.0),
    )
    cache: dict = {}
    stage.process(_doc(turns, cache))
    memo = cache["qa"]
    size = len(memo)
    assert size > 0 and all(key[1] in {t.text for t in turns} for key in memo)
    stage.process(_doc(turns, cache))
    assert len(memo) == size  # nothing new: both turns were known
