"""Digits right after another number's label (保单号, 订单号, 运单号, 编号 …) are that number, also
when they have a mobile's length and prefix or a landline's area code; a phone number after its
own cue is still masked."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _agent(text: str) -> str:
    turns, _ = redact_turns([Turn("customer", "我想问一下"), Turn("agent", text)])
    return turns[1].text


@pytest.mark.parametrize(
    "text",
    [
        "您的保单号 1590 7736 218 已经生效",
        "订单号是 13722054918 的那笔已经退款",
        "运单号 一八六 二零四七 五五三九 明天送到",
        "水费一直提示用户编号错误 编号是0755 2631 8804",
        "设备编号 021 6688 4120 在背面",
    ],
)
def test_a_phone_shaped_number_after_another_label_stays(text: str) -> None:
    assert _agent(text) == text


def test_a_phone_after_its_cue_is_still_masked() -> None:
    out = _agent("保单号 3301 2277 您留的手机 13722054918 对吗")
    assert "3301 2277" in out and "13722054918" not in out, out
