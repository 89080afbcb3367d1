"""A service number said after a correction word right after a number (不是 九五五八八 打来的,
不是 一零零八六) is set against it, no group of it said again; a real correction (不对 后面是
…) still joins the number."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _customer(text: str) -> str:
    turns, _ = redact_turns([Turn("agent", "对方用什么号码给您打的"), Turn("customer", text)])
    return turns[1].text


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("打我的号码是 幺五二 六六零八 四七幺三 不是 九五五六六 打来的", "九五五六六"),
        ("是 一八六 零二幺七 三三九零 不是 一零零一零 那个", "一零零一零"),
        ("号码 幺三三 八八七二 零四幺五 不是 九六五一一", "九六五一一"),
    ],
)
def test_a_service_number_after_a_correction_stays(text: str, service: str) -> None:
    out = _customer(text)
    assert "<PHONE_NUMBER>" in out and service in out, out


def test_a_group_said_again_after_a_correction_is_still_masked() -> None:
    out = _customer("是 一五二 六六零八 四七幺三 不对 后面是 四七幺八")
    assert "四七幺八" not in out and "四七幺三" not in out, out
