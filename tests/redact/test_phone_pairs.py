"""A mobile read in two-digit numbers after a phone cue (blind14 b14-08).

Hand-written turns: 一 五十九 八十三 零二 四十七 六十六 is 159 8302 4766 read in pairs.
"""

from __future__ import annotations

import pytest

from triage.redact import redact_text, redact_turns
from triage.schema import Turn


@pytest.mark.parametrize(
    "text",
    [
        "我手机号是 一 五十九 八十三 零二 四十七 六十六",
        "你打我电话吧 十五 九十八 三十 二四 七六 六",
        "联系方式 幺 五十九 八十三 零二 四十七 六十六 谢谢",
    ],
)
def test_mobile_read_in_pairs_is_masked(text: str) -> None:
    red = redact_text(text)
    assert "八十三" not in red.text and "九十八" not in red.text
    assert {e.type for e in red.entities} == {"PHONE_NUMBER"}


@pytest.mark.parametrize(
    "text",
    [
        "我手机上显示扣了 三十 四十 五十 块 一共十二笔",  # amounts, not 11 digits
        "电话里说 十五 二十 天之内 到账",
        "手机号 三十四 七十六 三十九 零七 三十四 五十",  # no allocated prefix
        "我手机号 十三 八十 零零 一三 八零 零零",  # twelve digits: no mobile
    ],
)
def test_tens_words_that_are_no_mobile_stay(text: str) -> None:
    red = redact_text(text)
    assert red.text == text


@pytest.mark.parametrize(
    ("answer", "secret"),
    [
        ("一 五十九 八十三 零二 四十七 六十六", "五十九"),
        ("一 三十八 零零 十三 八十 零零", "十三"),  # 零零 are digits alone, not 八十零
    ],
)
def test_pairs_answer_after_the_agent_asks(answer: str, secret: str) -> None:
    turns = (Turn("agent", "请问您的手机号码"), Turn("customer", answer))
    redacted, _ = redact_turns(turns)
    assert secret not in redacted[1].text


@pytest.mark.parametrize(
    "text",
    [
        "我更新一下手机号 号码是 一百三十五 一千六百四十二 四千一百五十八",
        "手机号 一百三十五一千六百四十二四千一百五十八",
        "电话是 幺三八 一千六百 零零 八八",
    ],
)
def test_mobile_read_in_groups_said_as_numbers_is_masked(text: str) -> None:
    red = redact_text(text)
    assert [e.type for e in red.entities] == ["PHONE_NUMBER"]
    assert not any(w in red.text for w in ("千", "百"))


@pytest.mark.parametrize(
    "text",
    [
        "我那个一千六百块的理财 手机号换了",
        "手机费每个月一百三十八 两千分钟",
        "电话里说要交一千三百八十 分三期 每期四百六十",
    ],
)
def test_hundreds_and_thousands_that_are_no_mobile_stay(text: str) -> None:
    assert redact_text(text).text == text
