"""A public place followed by 在 is located at the address, not a part of it."""

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
        (
            "就是 呃 市第六人民医院 在那个 中山北路二百一十八号 住的病房",
            "就是 呃 市第六人民医院 在那个 <ADDRESS> 住的病房",
        ),
        ("市第六人民医院在中山北路218号", "市第六人民医院在<ADDRESS>"),
        ("我公司在金茂大厦 在世纪大道88号36楼", "我公司在金茂大厦 在<ADDRESS>"),
    ],
)
def test_place_before_zai_stays(text: str, expected: str) -> None:
    assert _redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "我家在阳光花园 在那个 中山北路218号",  # a residential compound is part of it
        "住在市第六人民医院旁边的阳光小区3栋",
    ],
)
def test_residential_and_near_places_still_masked(text: str) -> None:
    out = _redact(text)
    assert "阳光" not in out and "<ADDRESS>" in out, out
