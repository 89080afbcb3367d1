"""A bank's or brand's short name (an allowed word: 光大, 招商, 平安) that begins inside a
name-like span and goes on as the organisation or its product (光大银行, 招商信用卡) wins over
the name reading: a measure word 张 before it (办了张光大信用卡) is no surname. A name given with
a cue, or with no organisation word after it, is still masked."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    "text",
    [
        "上个月刚办了张光大信用卡 额度不高",
        "我还有张招商信用卡 也想一起注销",
        "家里老人有张华夏银行的卡",
    ],
)
def test_a_bank_name_begun_inside_a_name_reading_stays(text: str) -> None:
    assert redact_text(text).text == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我叫李光大 在光大银行开的户", "李光大"),
        ("户名是王招商", "王招商"),
        ("刘华夏先生 您好", "刘华夏"),
    ],
)
def test_a_name_with_a_cue_or_without_a_bank_word_is_masked(text: str, name: str) -> None:
    assert name not in redact_text(text).text
