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


PHONE_TURNS = (
    ("agent", "您的手机号"),
    ("customer", "幺三八 幺二三四 五六七"),
    ("agent", "还差一位"),
)


@pytest.mark.parametrize("last", ["哦 最后一个是八", "最后一位是 8", "最后一个数字是八。"])
def test_last_digit_said_alone_completes_the_number(last: str) -> None:
    texts = _redact(*PHONE_TURNS, ("customer", last))
    assert texts[3].endswith("<PHONE_NUMBER>") or texts[3].endswith("<PHONE_NUMBER>。")
    assert "八" not in texts[3] and "8" not in texts[3]


def test_last_check_character_of_an_id_number() -> None:
    texts = _redact(
        ("agent", "身份证号"),
        ("customer", "三二零五零二 幺九八五零九三零 四四六"),
        ("agent", "还有一位"),
        ("customer", "最后一位是叉"),
    )
    assert texts[3] == "最后一位是<CN_ID_CARD>"


@pytest.mark.parametrize(
    "turns",
    [
        (*PHONE_TURNS, ("customer", "最后一位是八号楼")),  # a building, not a digit alone
        (*PHONE_TURNS, ("customer", "最后一个是我妈的号")),
        (("customer", "手机13812345678"), ("customer", "最后一个是三")),  # the number was whole
        (("customer", "我转了三笔"), ("customer", "最后一个是三")),  # no number before
        (*PHONE_TURNS[:2], ("agent", "好的"), ("agent", "最后一个是三")),  # another speaker
    ],
)
def test_last_digit_alone_negatives(turns: tuple[tuple[str, str], ...]) -> None:
    texts = _redact(*turns)
    assert texts[-1] == turns[-1][1]


def test_last_digit_completes_the_number_in_the_live_hook(default_pipeline) -> None:
    hook = ChatHook(default_pipeline, observers=[])
    for s, t in PHONE_TURNS:
        hook.add_message("p", s, t)
    answer = hook.add_message("p", "customer", "哦 最后一个是八")["text"]
    record = hook.end_chat("p")
    assert answer == "哦 最后一个是<PHONE_NUMBER>"
    assert record["turns"][3]["text"] == "哦 最后一个是<PHONE_NUMBER>"
