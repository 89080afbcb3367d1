"""A shop named after a person (张亮麻辣烫) stays readable when a food or small-shop word is glued
to the name or begins inside what LAC reads as one (张亮麻|辣烫); 商户名 (the merchant's name) is
no account-holder cue 户名. A name given with a cue, or followed by a dish word after a space,
is still masked."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    "text",
    [
        "十月三号 那个 刘强麻辣烫 四十二 我没点过",
        "这是外卖平台的 商户名 刘强麻辣烫 另外还有一笔",
        "商户名 赵兵米线",
    ],
)
def test_a_shop_named_after_a_person_stays(text: str) -> None:
    assert redact_text(text).text == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我叫刘强 麻辣烫多少钱", "刘强"),
        ("户名是刘强", "刘强"),
        ("我叫刘强麻辣烫多少钱", "刘强"),
    ],
)
def test_a_name_near_a_dish_word_is_still_masked(text: str, name: str) -> None:
    assert name not in redact_text(text).text
