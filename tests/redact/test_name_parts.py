"""Names seen only in part: a minority name's first part, a name written in pinyin (blind14).

Hand-written turns. 我父亲扎西次仁住院了 (b14-21) left 扎西 before the 次仁 the NER found;
我是yang shuhua (b14-26) left the pinyin, which no rule read as a name.
"""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("我父亲扎西次仁住院了", "扎西"),
        ("我儿子达瓦次仁在拉萨上学", "达瓦"),
        ("收款人是买买提·艾力", "买买提"),
    ],
)
def test_minority_name_head_before_a_found_name_is_masked(text: str, secret: str) -> None:
    red = redact_text(text)
    assert secret not in red.text
    assert {e.type for e in red.entities} == {"PERSON"}


@pytest.mark.parametrize(
    ("text", "secrets"),
    [
        ("我是yang shuhua 想改一下账单邮箱", ("yang", "shuhua")),
        ("您好 我叫 Zhou Kai 刚才打过电话", ("Zhou", "Kai")),
        ("我是chen xiaoming的家属", ("chen", "xiaoming")),
        ("收款人是 wang wei 卡号不记得了", ("wang", "wei")),  # a third party's name
        ("持卡人 Li Na", ("Li", "Na")),
    ],
)
def test_pinyin_name_after_a_naming_cue_is_masked(text: str, secrets: tuple[str, ...]) -> None:
    red = redact_text(text)
    for s in secrets:
        assert s not in red.text


@pytest.mark.parametrize(
    "text",
    [
        "我是vip customer 想问下额度",  # vip is no surname
        "我是he is here",  # function words
        "我去了格桑花酒店 很好",
        "我是new user 怎么绑卡",
        "联系人是vip service",
    ],
)
def test_latin_words_that_are_no_pinyin_name_stay(text: str) -> None:
    assert redact_text(text).text == text
