"""A mobile in its 3-4-4 layout whatever its prefix, and the agent listing the phone among the
fields it asks for (收件人和电话)."""

from __future__ import annotations

import pytest

from triage.redact import redact_text, redact_turns
from triage.schema import Turn


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("寄给我表妹 孔令仪 164 2233 5566", "寄给我表妹 <PERSON> <PHONE_NUMBER>"),
        ("联系人 林静 179-8812-0456 白天都在", "联系人 <PERSON> <PHONE_NUMBER> 白天都在"),
        ("+86 144 3021 7788 这个也能打", "<PHONE_NUMBER> 这个也能打"),
    ],
)
def test_a_mobile_in_its_layout_is_masked_whatever_its_prefix(text: str, redacted: str) -> None:
    assert redact_text(text).text == redacted


@pytest.mark.parametrize(
    "text",
    [
        "订单 16422335566 查不到",  # no layout, no cue: the prefix list still decides
        "卡号 6222 1642 2335 5661 的那张",  # a card's groups hold no mobile layout
        "运单号 164 2233 5566 7",  # a fourth group: no mobile
    ],
)
def test_other_numbers_are_no_mobile(text: str) -> None:
    assert "<PHONE_NUMBER>" not in redact_text(text).text


def test_the_phone_listed_among_the_fields_asked_for() -> None:
    red, _ = redact_turns(
        [
            Turn("agent", "好的 麻烦说一下姓名和电话"),
            Turn("customer", "写我同事 韩立 16422335566"),
        ]
    )
    assert red[1].text == "写我同事 <PERSON> <PHONE_NUMBER>", red[1].text
