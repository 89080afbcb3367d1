"""An e-mail's local part read back by the agent after the customer gave the address."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


@pytest.mark.parametrize(
    ("address", "read_back", "expected"),
    [
        ("邮箱是 juan六二 艾特 example 点com", "j u a n 六二 对吧", "<EMAIL_ADDRESS> 对吧"),
        ("发到 wangfei88@163.com", "wangfei88 是吗", "<EMAIL_ADDRESS> 是吗"),
        ("l i m i n g at qq 点 com", "好的 l i m i n g 对吗", "好的 <EMAIL_ADDRESS> 对吗"),
    ],
)
def test_email_local_part_read_back_masked(address: str, read_back: str, expected: str) -> None:
    turns, _ = redact_turns(
        [Turn("agent", "请说一下您的邮箱"), Turn("customer", address), Turn("agent", read_back)]
    )
    assert turns[2].text == expected


@pytest.mark.parametrize(
    "turns",
    [
        # no address before: letters spelled by the agent stay
        [("customer", "我想开通网银"), ("agent", "您在 A P P 里点我的 就可以")],
        # the address was two customer turns ago: the agent's later turn is no read-back
        [
            ("customer", "邮箱 abc123@qq.com"),
            ("agent", "好的"),
            ("customer", "还有别的吗"),
            ("agent", "请下载 APP2 版本"),
        ],
    ],
)
def test_email_letters_without_an_address_just_before_kept(turns: list[tuple[str, str]]) -> None:
    out, _ = redact_turns([Turn(s, t) for s, t in turns])
    assert out[-1].text == turns[-1][1]


def test_email_then_a_word_with_digits_not_read_back_kept() -> None:
    turns, _ = redact_turns(
        [
            Turn("customer", "邮箱 abc123@qq.com 订单号 A12345"),
            Turn("agent", "好的 订单 A12345 已经查到了"),
        ]
    )
    assert turns[1].text == "好的 订单 A12345 已经查到了"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "li ming 二零零八 at qq dot com 就是 l i m i n g",
            "<EMAIL_ADDRESS> 就是 <EMAIL_ADDRESS>",
        ),
        ("chenjy@163.com 也就是 c h e n j y", "<EMAIL_ADDRESS> 也就是 <EMAIL_ADDRESS>"),
    ],
)
def test_local_part_spelled_again_after_the_address(text: str, expected: str) -> None:
    assert redact_turns([Turn("customer", text)])[0][0].text == expected


def test_words_after_the_address_stay() -> None:
    text = "chenjy@163.com 就是这个 谢谢"
    assert redact_turns([Turn("customer", text)])[0][0].text == "<EMAIL_ADDRESS> 就是这个 谢谢"
