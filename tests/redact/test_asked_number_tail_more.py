"""More last digits asked for than a bank prints (身份证后六位, 卡号后八位): a digit string of
exactly that many digits in the answer is that part of the number, with other words around it.
Quantities, strings of another length and the last four (the usual check) stay readable."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _answer(ask: str, answer: str) -> tuple[str, set[str]]:
    turns, entities = redact_turns([Turn("agent", ask), Turn("customer", answer)])
    return turns[1].text, {e.type for e in entities if e.turn == 1}


@pytest.mark.parametrize(
    ("ask", "answer", "redacted", "entity"),
    [
        (
            "请报一下您的身份证后六位",
            "二八幺五三X 你们还要我说什么",
            "<CN_ID_CARD> 你们还要我说什么",
            "CN_ID_CARD",
        ),
        (
            "麻烦说一下证件号码后六位 谢谢",
            "呃 我看看 是 四零七七一八 对 就这个",
            "呃 我看看 是 <CN_ID_CARD> 对 就这个",
            "CN_ID_CARD",
        ),
        (
            "请提供卡号后八位",
            "六六零二 三九一四 是不是还要有效期",
            "<BANK_CARD> 是不是还要有效期",
            "BANK_CARD",
        ),
    ],
)
def test_the_asked_last_digits_are_masked_among_other_words(
    ask: str, answer: str, redacted: str, entity: str
) -> None:
    text, types = _answer(ask, answer)
    assert text == redacted
    assert entity in types


@pytest.mark.parametrize(
    ("ask", "answer"),
    [
        ("请报一下您的身份证后六位", "我卡里还有 120000元 没动"),
        ("请报一下您的身份证后六位", "2023年 办的 不记得了"),
        ("请报一下您的身份证后四位", "六三九二 我记得是"),
    ],
)
def test_quantities_and_other_asks_stay(ask: str, answer: str) -> None:
    text, _ = _answer(ask, answer)
    assert text == answer
