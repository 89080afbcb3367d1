"""The last piece of a number after 最后是 / 剩下的是 in a turn that goes on with it."""

from __future__ import annotations

import pytest

from triage.hook import ChatHook
from triage.redact import redact_turns
from triage.schema import Turn


def _redact(*turns: tuple[str, str]) -> list[str]:
    red, _ = redact_turns([Turn(s, t) for s, t in turns])
    return [t.text for t in red]


CARD_TURNS = (
    ("agent", "请问您的卡号"),
    ("customer", "六二二二 零二幺二 呃 三四五六"),
    ("agent", "嗯 您继续"),
)


@pytest.mark.parametrize("connective", ["最后是", "最后三位是", "剩下的是", "最后一位 "])
def test_last_piece_after_a_connective_in_the_continuing_turn(connective: str) -> None:
    texts = _redact(*CARD_TURNS, ("customer", f"七八九零 {connective}幺二三"))
    assert texts[3] == f"<BANK_CARD> {connective}<BANK_CARD>"


@pytest.mark.parametrize(
    "rest",
    [
        "七八九零 最后是三千块",  # an amount after the connective
        "七八九零 最后还款日是十五号",  # words, then a date
        "七八九零 最后我想问下年费",
    ],
)
def test_connective_without_a_number_piece_after_it(rest: str) -> None:
    texts = _redact(*CARD_TURNS, ("customer", rest))
    assert texts[3].startswith("<BANK_CARD> 最后")
    assert texts[3][len("<BANK_CARD> ") :] == rest[len("七八九零 ") :]


def test_last_piece_after_a_connective_in_the_live_hook(default_pipeline) -> None:
    hook = ChatHook(default_pipeline, observers=[])
    answers = [hook.add_message("c", s, t)["text"] for s, t in CARD_TURNS]
    answers.append(hook.add_message("c", "customer", "七八九零 最后是幺二三")["text"])
    record = hook.end_chat("c")
    assert answers[3] == "<BANK_CARD> 最后是<BANK_CARD>"
    assert record["turns"][3]["text"] == "<BANK_CARD> 最后是<BANK_CARD>"
