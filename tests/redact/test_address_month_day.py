"""A day of the month said with 号 (十二月五号) is a date, never a house number."""

from __future__ import annotations

import pytest

from triage.redact import redact_text, redact_turns
from triage.schema import Turn


@pytest.mark.parametrize(
    "text",
    [
        "好的 地址已经改好了 下个月账单 十一月八号 开始寄到新地址",
        "地址变更成功 从 3 月 15 号起生效",
        "您的新地址我登记了 卡片一月二十号寄出",
        "住址改完了 2月28号 以后的对账单都寄过去",
    ],
)
def test_address_month_day_after_an_address_cue_kept(text: str) -> None:
    assert redact_text(text).text == text


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("新地址是 五月花路 十二号", "五月花路 十二号"),  # 月 inside a road's name
        ("我住在 明月街三号 五栋", "明月街三号 五栋"),
        ("地址 九月小区 6号楼 2单元", "九月小区 6号楼 2单元"),  # 号楼 is a building
    ],
)
def test_address_with_month_like_names_still_masked(text: str, address: str) -> None:
    res = redact_text(text)
    assert [(e.type, text[e.start : e.end]) for e in res.entities] == [("ADDRESS", address)]


def test_address_answer_then_date_from_the_agent() -> None:
    turns, _ = redact_turns(
        [
            Turn("agent", "请说一下新的寄送地址"),
            Turn("customer", "杭州 西湖区 文三路 四百七十八号 华星大厦 十二楼"),
            Turn("agent", "好的 地址已修改 下期账单 十二月五号 开始寄到新地址"),
        ]
    )
    assert "<ADDRESS>" in turns[1].text
    assert turns[2].text == "好的 地址已修改 下期账单 十二月五号 开始寄到新地址"
