"""A number read out in pieces within one turn, joined by 后面是/然后/接着…

Hand-written turns. The part the recognizers find (after the agent asked, or after a
cue) is short of a whole number; the piece said before or after it with a connective
between is the same number (``Redactor._continue_numbers``).
"""

from __future__ import annotations

import pytest

from triage.redact import redact_text, redact_turns
from triage.schema import Turn

ASK = Turn("agent", "阿姨 好的 请问 存折 户主 的 身份证 号码 是多少")


@pytest.mark.parametrize(
    ("answer", "secret"),
    [
        ("哎呀 我看看啊 幺五零五二六 一九七九 零幺幺三 后面 是 零九五 叉", "零九五"),
        ("哎呀我看看啊，幺五零五二六，一九七九零幺幺三，后面是零九五叉", "零九五"),
        ("身份证前面是幺幺零幺零五，后边是一九九零零三零七幺二三四", "幺幺零幺零五"),
    ],
)
def test_number_pieces_in_one_turn_are_masked(answer: str, secret: str) -> None:
    redacted, entities = redact_turns((ASK, Turn("customer", answer)))
    assert secret not in redacted[1].text
    assert {e.type for e in entities} == {"CN_ID_CARD"}


@pytest.mark.parametrize(
    ("answer", "kept"),
    [
        ("卡号是六二二二零二零二，然后是五千块钱", "五千块钱"),
        ("我转了5000，然后是卡号六二二二零二零二零零零零幺二三四", "5000"),
        ("一共还了两千三，然后是一九九零零三零七幺二三四", "两千三"),
    ],
)
def test_number_pieces_leave_amounts_around_them(answer: str, kept: str) -> None:
    redacted, _ = redact_turns((ASK, Turn("customer", answer)))
    assert kept in redacted[1].text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "验证码是多少？我这边显示8 3 6 0 1 4，是不是这个",
            "验证码是多少？我这边显示<VERIFICATION_CODE>，是不是这个",
        ),
        ("验证码是啥？我看到的是三七九二四一", "验证码是啥？我看到的是<VERIFICATION_CODE>"),
        ("验证码是多少？我账户里还有5000块", "验证码是多少？我账户里还有5000块"),  # an amount
    ],
)
def test_code_in_the_sentence_after_a_question_about_it(text: str, expected: str) -> None:
    assert redact_text(text).text == expected
