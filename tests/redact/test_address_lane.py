"""A lane or compound written right after its road (四川北路永安里44号), and a division name
inside a numbered road's name (中山南二路)."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _redact(text: str) -> str:
    red, _ = redact_turns([Turn("customer", text)])
    return red[0].text


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("账单还是寄静安区西康路德庆里17号2楼吧", "账单还是寄静安区<ADDRESS>吧"),
        ("我住长乐路福寿里8号", "我住<ADDRESS>"),
        ("新地址 黄浦区建国东路会稽坊5号楼301", "新地址 黄浦区<ADDRESS>"),
    ],
)
def test_lane_after_its_road(said: str, expected: str) -> None:
    assert _redact(said) == expected


@pytest.mark.parametrize("said", ["中山路那个网点几点关门", "我在南京路步行街逛街"])
def test_road_alone_stays(said: str) -> None:
    assert _redact(said) == said


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        # a division inside a numbered road's name (山南) leaves only its number: 中 is no
        # prefix
        ("寄到 中山南二路 一零二五弄 六号", "寄到 <ADDRESS>"),
        ("寄到 解放东三路88号", "寄到 <ADDRESS>"),
    ],
)
def test_division_name_inside_a_road_name(said: str, expected: str) -> None:
    assert _redact(said) == expected


@pytest.mark.parametrize(
    ("said", "kept"),
    [("萧山金城路88号", "萧山"), ("地址改成安徽省合肥市长江路9号", "安徽省合肥市")],
)
def test_division_prefix_before_a_road_stays(said: str, kept: str) -> None:
    assert _redact(said).startswith(kept) or kept in _redact(said)
