"""A card's last group read after a hesitation and followed by a unit (… 3010 嗯 零天的: 零 then
天) belongs to the card when it completes a Luhn-valid number of 16-19 digits: dropping it would
break the checksum and leave the whole card readable. A quantity after digits that make no
card (卡号 后面 嗯 三天) stays a quantity."""

from __future__ import annotations

import pytest

from triage.normalize import normalize_text
from triage.redact import redact_text

# 62526018159083010 and 62147104974650750: Luhn-valid, their first 16 digits are not
CASES = [
    ("的我6252 嗯 六〇一8 嗯 15九0 嗯 8301 嗯 零天的", "的我<BANK_CARD> 嗯 <BANK_CARD>天的"),
    ("6二14呃7一04呃97四6呃5〇75呃洞天", "<BANK_CARD>天"),
]


@pytest.mark.parametrize(("text", "redacted"), CASES)
def test_a_last_group_before_a_unit_completes_the_card(text: str, redacted: str) -> None:
    out = redact_text(text).text
    assert "零" not in out and "洞" not in out, out
    assert out.endswith(redacted[-3:]) and "BANK_CARD" in out, out


def test_the_last_group_is_read_as_a_digit_of_the_card() -> None:
    assert normalize_text("6252 嗯 6018 嗯 1590 嗯 8301 嗯 零天").text.endswith("0天")


@pytest.mark.parametrize("text", ["我等了 三 嗯 三天", "分期 是 十二 嗯 六个月"])
def test_a_quantity_after_other_digits_stays(text: str) -> None:
    assert normalize_text(text).text.endswith(text[-2:])
    assert "BANK_CARD" not in redact_text(text).text
