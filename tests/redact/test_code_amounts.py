"""An amount of money is no verification code, in the answer window or after a cue."""

from __future__ import annotations

import pytest

from triage.redact import redact_text, redact_turns
from triage.schema import Turn


@pytest.mark.parametrize(
    "last",
    [
        "昨天晚上那笔860的扣款是什么",  # the transaction's 那笔…的 around the digits
        "这笔 4500 的退款什么时候到",
        "刚才付了$45.50 没成功",  # a currency sign before
        "金额￥2380 对不上",
        "扣了 650美元",  # a currency named after
        "要付 300 HKD",
    ],
)
def test_code_window_amount_with_its_currency_or_transaction_kept(last: str) -> None:
    # the agent asked for a code, the customer gave it, then names an amount
    turns, _ = redact_turns(
        [
            Turn("agent", "动态码已经发到您手机上了 请告诉我"),
            Turn("customer", "五零七三九一"),
            Turn("agent", "验证好了"),
            Turn("customer", last),
        ]
    )
    assert turns[1].text == "<VERIFICATION_CODE>"
    assert turns[-1].text == last


@pytest.mark.parametrize(
    ("turns", "masked"),
    [
        # codes said late in the window are still codes (no amount frame around them)
        (
            [
                ("agent", "请把短信里的校验码报给我"),
                ("customer", "等一下 我拿支笔"),
                ("agent", "嗯 不着急"),
                ("customer", "笔 6 0 4 2 1 8"),
            ],
            "笔 <VERIFICATION_CODE>",
        ),
        (
            [
                ("agent", "请报一下卡背面的安全码"),
                ("customer", "金额是 ¥99 对吧 安全码 七零三"),
            ],
            "金额是 ¥99 对吧 安全码 <VERIFICATION_CODE>",
        ),
        # 那笔 without 的 after the digits: no transaction frame
        (
            [
                ("agent", "验证码您收到了吗"),
                ("customer", "收到了 是那笔 315094"),
            ],
            "收到了 是那笔 <VERIFICATION_CODE>",
        ),
    ],
)
def test_code_without_amount_frame_still_masked(turns: list[tuple[str, str]], masked: str) -> None:
    out, _ = redact_turns([Turn(s, t) for s, t in turns])
    assert out[-1].text == masked


@pytest.mark.parametrize(
    "text",
    [
        "验证码收到了 那笔2600的交易是我本人",
        "密码输错了 金额$120 没付出去",
        "安全码不对 付 175美元 失败",
    ],
)
def test_amount_after_a_cue_word_kept(text: str) -> None:
    assert redact_text(text).text == text
