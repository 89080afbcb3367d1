"""Five-digit public and carrier service numbers (11183, 11185, 12345) said near an address
word are no house number; house and room numbers after a road or building still are."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    "text",
    [
        "地址写错了的话 您可以拨打 11185 查询",
        "改地址要联系邮政 11183 改派",
        "地址的问题可以打 12345 反映",
    ],
)
def test_a_service_number_near_an_address_word_stays(text: str) -> None:
    assert redact_text(text).text == text


def test_a_room_number_after_the_building_is_still_masked() -> None:
    text = redact_text("地址是 翠湖花园 5栋 1203").text
    assert "1203" not in text and "翠湖" not in text, text
