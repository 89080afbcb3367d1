"""A utility's household number (电费户号, 燃气用户号) or a merchant's number (商户号) is no
personal bank account (SPEC §4): 户号 is no account context word. Account numbers after
账户号, 账号, 卡号 or a bank's 客户号 are still masked."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _customer(text: str) -> str:
    turns, _ = redact_turns([Turn("customer", text)])
    return turns[0].text


@pytest.mark.parametrize(
    "text",
    [
        "水费户号是 6204 3318 27 上个月交过了",
        "我们家电费的户号 五五零二 七一 三九 四八 交不上",
        "燃气账单上的用户号2290417736",
        "物业给的户号 1038 5527 41",
        "我们店的商户号是 八二七 三幺四 四五八 九零六 幺二",
    ],
)
def test_a_household_or_merchant_number_stays(text: str) -> None:
    assert _customer(text) == text


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("我的账户号 6204 3318 2771", "6204"),
        ("对公账号是 3301 0400 2211 5678", "3301"),
        ("卡号 五五零二 七一三九 四八零一", "五五零二"),
        ("企业网银客户号 3307 1182 64", "1182"),
    ],
)
def test_an_account_number_is_still_masked(text: str, digits: str) -> None:
    out = _customer(text)
    assert "<BANK_CARD>" in out and digits not in out, out
