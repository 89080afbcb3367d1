"""Phone numbers written with another country's code (+852 5678 1234, +44 20 7946 0018), and
short numbers after another number's label (发票号码 94426694) that are no phone."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("那个人的号码是+852 6123 4477", "那个人的号码是<PHONE_NUMBER>"),
        ("my UK number is +44 20 7946 0018。", "my UK number is <PHONE_NUMBER>。"),
        ("台湾的 00886 912 345 678 也可以", "台湾的 <PHONE_NUMBER> 也可以"),
        ("+1-415-555-0132 是我美国的号", "<PHONE_NUMBER> 是我美国的号"),
    ],
)
def test_phone_with_a_country_code_is_masked(text: str, redacted: str) -> None:
    assert redact_text(text).text == redacted


@pytest.mark.parametrize(
    "text",
    [
        "余额变动 +12,345,678.00",  # an amount
        "收入+12345678元",
        "收入+12345678.50",
        "评分+1 了 还有 +30 积分",
        "统一社会信用代码 九二四四零三 零零六一零二 七二四零零二",  # 00 inside a grouped number
    ],
)
def test_amounts_with_a_plus_sign_kept(text: str) -> None:
    assert redact_text(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "发票代码 037511393888 发票号码 94426694 是电子发票",
        "快递单号 73125590 还没到",
    ],
)
def test_short_number_after_another_numbers_label_kept(text: str) -> None:
    assert redact_text(text).text == text


def test_landline_after_a_phone_cue_still_masked() -> None:
    assert redact_text("我的号码 62345678").text == "我的号码 <PHONE_NUMBER>"
