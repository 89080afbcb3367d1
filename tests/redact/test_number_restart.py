"""A false start right before a number found in the same turn (blind14 b14-27).

Hand-written turns. The caller begins a number, then restates it (一 七 七 就是 幺拐拐…) or
corrects it (幺五八 不对 是幺五九…): the false start is the number's too
(``Redactor._continue_numbers``, ``_RESTART``).
"""

from __future__ import annotations

import pytest

from triage.redact import redact_text, redact_turns
from triage.schema import Turn

ASK = Turn("agent", "请问您家人的联系电话")


@pytest.mark.parametrize(
    ("answer", "secret"),
    [
        ("我女儿的手机 一 五 九 就是 幺五九 八三零二 四七六六", "一 五 九"),
        ("一五九 呃 我是说 幺五九 八三零二 四七六六", "一五九"),
        ("幺五八 不对不对 是幺五九 八三零二 四七六六", "幺五八"),
        ("幺五八 我念错了 是幺五九 八三零二 四七六六", "幺五八"),
    ],
)
def test_false_start_before_a_phone_is_masked(answer: str, secret: str) -> None:
    redacted, entities = redact_turns((ASK, Turn("customer", answer)))
    assert secret not in redacted[1].text
    assert {e.type for e in entities} == {"PHONE_NUMBER"}


@pytest.mark.parametrize(
    "answer",
    [
        "二三 就是 幺五九 八三零二 四七六六",  # not the number's start after 就是
        "转了5000块 不对 我手机是幺五九 八三零二 四七六六",  # an amount
        "转了2000 不对 是幺五九 八三零二 四七六六",  # an amount: not the number's start
    ],
)
def test_other_digits_before_a_phone_stay(answer: str) -> None:
    redacted, _ = redact_turns((ASK, Turn("customer", answer)))
    head = answer.split(" ")[0]
    assert head in redacted[1].text


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        (
            "一三零 九幺零七 零八七五 哦不对不对 后面是 零七八五",
            "<PHONE_NUMBER> 哦不对不对 后面是 <PHONE_NUMBER>",
        ),
        ("手机 13800138000 不对 中间是 0013", "手机 <PHONE_NUMBER> 不对 中间是 <PHONE_NUMBER>"),
        (
            "验证码 四七幺二 不对 是四七幺三",
            "验证码 <VERIFICATION_CODE> 不对 是<VERIFICATION_CODE>",
        ),
        # the caller says how it was wrong before saying it again
        (
            "卡号是 六二二八 四八零三 九一二六 五五七零 三一九 我念反了 最后是 九一三",
            "卡号是 <BANK_CARD> 我念反了 最后是 <BANK_CARD>",
        ),
        (
            "手机 幺五二 六六三零 八四七一 不对 说反了 后面是 八四一七",
            "手机 <PHONE_NUMBER> 不对 说反了 后面是 <PHONE_NUMBER>",
        ),
    ],
)
def test_group_said_again_after_a_correction_is_masked(text: str, redacted: str) -> None:
    assert redact_text(text).text == redacted


@pytest.mark.parametrize(
    "text",
    [
        "手机 <PHONE_NUMBER> 不对 是2000块",
        "卡号<BANK_CARD> 不是 3月份办的",
        "手机号<PHONE_NUMBER> 不对吗 九五五八八",
        "卡号<BANK_CARD> 我说错了 是上个月5号办的",
    ],
)
def test_amounts_dates_after_a_correction_stay(text: str) -> None:
    # the number itself stands as its tag here; what follows the correction stays
    original = text.replace("<PHONE_NUMBER>", "13800138000").replace(
        "<BANK_CARD>", "6222020404980297497"
    )
    assert redact_text(original).text == text
