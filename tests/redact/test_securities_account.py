"""Securities and fund accounts (股东账号, 股东卡, 证券账户, 资金账号) are account numbers
(SPEC §4 BANK_CARD): a letter and 8-9 digits or 10-12 digits after their name in the same turn
are masked, also with a few other words between; money and short numbers stay."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("我的股东账号是 B 九二七 四四一 零三八 对吧", "我的股东账号是 <BANK_CARD> 对吧"),
        ("资金账号我看下 本子上写的 3104 5582 2917", "资金账号我看下 本子上写的 <BANK_CARD>"),
    ],
)
def test_a_securities_account_is_masked(text: str, redacted: str) -> None:
    assert redact_text(text).text == redacted


def test_a_shenzhen_account_said_digit_by_digit_is_masked() -> None:
    # ten digits from 0: masked (as a landline or an account; either way not readable)
    out = redact_text("证券账户 好像是 零 二 六 五 八 一 七 七 三 零 我记得").text
    assert out.startswith("证券账户 好像是 <") and "七 七" not in out


@pytest.mark.parametrize(
    "text",
    [
        "资金账户里还有 4,678.00 能取吗",
        "股东大会 2026年 开",
        "资金账户余额 35000000元",
    ],
)
def test_money_and_other_numbers_stay(text: str) -> None:
    assert "BANK_CARD" not in redact_text(text).text
