"""An account number after 卡号/账号 never takes an amount said right after it."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _redact(text: str) -> tuple[str, list[str]]:
    turns, entities = redact_turns([Turn("customer", text)])
    return turns[0].text, [e.type for e in entities]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Luhn-valid card, then an amount after 然后: the card ends before it
        ("我的卡号是4367421234567895 然后3000块", "我的卡号是<BANK_CARD> 然后3000块"),
        ("卡号6212 2610 0201 4563 然后1500元已经扣了", "卡号<BANK_CARD> 然后1500元已经扣了"),
        # an account without a check digit, an amount after a space
        ("对公账号1234567890123 5000元没到", "对公账号<BANK_CARD> 5000元没到"),
        # an amount after the account's last group with no word between
        ("账号是6222 0202 1234 5678 3000块", "账号是<BANK_CARD> 3000块"),
    ],
)
def test_bank_card_account_stops_before_amount(text: str, expected: str) -> None:
    redacted, types = _redact(text)
    assert redacted == expected
    assert types == ["BANK_CARD"]


@pytest.mark.parametrize(
    "text",
    [
        "账户余额1,000,000,000元",  # a big amount with thousands separators is no account
        "卡里转进来12,345,678,900元",
    ],
)
def test_bank_card_amount_alone_not_an_account(text: str) -> None:
    redacted, types = _redact(text)
    assert redacted == text
    assert types == []


def test_bank_card_account_with_unit_inside_still_masked() -> None:
    # the account is whole; a count word after it (号) does not shorten it
    redacted, types = _redact("账号6222020212345678号那张")
    assert "6222" not in redacted and "5678" not in redacted
    assert types == ["BANK_CARD"]
