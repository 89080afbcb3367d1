"""The province/city/district prefix stays when a road's name begins with a division's short
name (成都武侯区|新津八路) and when a city's 市 begins the district's name (济南|市中区)."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


@pytest.mark.parametrize(
    ("answer", "kept"),
    [
        ("新地址宝鸡渭滨区海城三路 266号 梧桐小区 5号楼 2单元 1101", ["宝鸡", "渭滨区"]),
        ("新地址成都武侯区新津八路 18号 3栋", ["成都", "武侯区"]),
        ("寄 到 我 店里 我 在 济南 市中区 经十 路 二十 号 三 号楼 修车 的", ["济南", "市中区"]),
        ("寄到店里 青岛市南区东海西路 5号 2栋 底商", ["青岛", "市南区"]),
    ],
)
def test_prefix_stays_after_the_address_was_asked(answer: str, kept: list[str]) -> None:
    out, ents = redact_turns(
        [Turn("agent", "好的 请问 设备 寄到 哪里 地址 是"), Turn("customer", answer)]
    )
    assert any(e.type == "ADDRESS" and e.turn == 1 for e in ents)
    for word in kept:
        assert word in out[1].text
