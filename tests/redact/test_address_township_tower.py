"""A township the division list lacks right before its village, and an office tower (B塔)."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _redact(text: str, ask: str | None = None) -> str:
    turns = ([Turn("agent", ask)] if ask else []) + [Turn("customer", text)]
    red, _ = redact_turns(turns)
    return red[-1].text


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        # invented townships (not in the division list) before their village
        ("在 柳河乡 李家村 三组 十五号 小卖部 那能转吗", "在 <ADDRESS> 小卖部 那能转吗"),
        ("我住在 杏花乡 杏花村 三组 十二号", "我住在 <ADDRESS>"),
        ("地址是 睢县大岗乡后李村五组", "地址是 睢县<ADDRESS>"),
    ],
)
def test_address_township_before_its_village_is_masked(text: str, redacted: str) -> None:
    assert _redact(text) == redacted


@pytest.mark.parametrize(
    "text",
    [
        "他们下乡 去了张家村",  # 下乡 is no township (one character before 乡)
        "我是城乡 结合部的",
        "老家乡下 没信号",
    ],
)
def test_address_words_ending_in_xiang_kept(text: str) -> None:
    assert "乡" in _redact(text)


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        (
            "寄到 天河区 华夏路 二十八号 富力中心 A塔 三十六楼",
            "寄到 天河区 <ADDRESS>",
        ),
        ("我在国贸 C塔 12层上班", "我在国贸 <ADDRESS>"),
    ],
)
def test_address_office_tower_letter_is_part_of_it(text: str, redacted: str) -> None:
    assert _redact(text, "请问寄到哪个地址") == redacted


def test_address_pagoda_in_a_name_kept() -> None:
    assert _redact("周末去五塔寺玩了") == "周末去五塔寺玩了"


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        # the country's name glued to a building's name is part of it
        ("科苑南路 3099号 中国储能大厦 37楼", "<ADDRESS>"),
        ("江南大道 1200号中国人寿大厦 18楼 1802", "<ADDRESS>"),
    ],
)
def test_address_country_name_inside_a_building_name(text: str, redacted: str) -> None:
    assert _redact(text, "请提供新地址") == redacted


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        # before other divisions (glued or not) or first in the address, the country stays
        # with the prefix (SPEC §4)
        ("中国人寿大厦 18楼 1802", "中国<ADDRESS>"),
        ("地址是 中国广东省深圳市南山区 科苑南路3099号", "地址是 中国广东省深圳市南山区 <ADDRESS>"),
        ("地址 中国 广东 深圳 南山区 科苑南路3099号", "地址 中国 广东 深圳 南山区 <ADDRESS>"),
    ],
)
def test_address_country_before_divisions_kept(text: str, redacted: str) -> None:
    assert _redact(text) == redacted


def test_address_going_on_after_a_masked_turn_in_the_live_hook() -> None:
    from triage.hook import ChatHook
    from triage.pipeline import Pipeline

    pipe = Pipeline.from_config()
    pipe.setup()
    hook = ChatHook(pipe, observers=[])
    hook.add_message("c1", "agent", "您好，请提供新地址")
    hook.add_message("c1", "customer", "广东省 深圳市 南山区")
    hook.add_message("c1", "customer", "粤海街道 科苑南路")
    hook.add_message("c1", "customer", "3099号 中国储能大厦")
    d = hook.add_message("c1", "customer", "37楼 3702")
    assert d["text"] == "<ADDRESS>", d["text"]
