"""A name spelled letter by letter after a name cue, and pinyin after a ``name:`` label."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _redact(text: str) -> str:
    red, _ = redact_turns([Turn("customer", text)])
    return red[0].text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我姓张 就是 Z H A N G 张 名字单字一个", "我姓<PERSON> 就是 <PERSON> 名字单字一个"),
        ("我姓欧阳 o u y a n g 欧阳", "我姓<PERSON> <PERSON>"),
        ("名字是 N A N A", "名字是 <PERSON>"),
        ("name: Guo Xu", "name: <PERSON>"),
        ("姓名：liang xiu", "姓名：<PERSON>"),
    ],
)
def test_spelled_and_labelled_names(text: str, expected: str) -> None:
    assert _redact(text) == expected


@pytest.mark.parametrize(
    ("text", "letters"),
    [
        ("我姓张 用 A T M 取的钱", "A T M"),  # not a pinyin name
        ("我叫 V I P 专线", "V I P"),
        ("Name: VIP customer", "VIP customer"),  # no pinyin surname
        ("我姓张 卡是 A B 卡", "A B"),
    ],
)
def test_letters_that_spell_no_name_stay(text: str, letters: str) -> None:
    assert letters in _redact(text)
