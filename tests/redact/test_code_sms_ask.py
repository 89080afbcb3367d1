"""Codes answered after the agent asked for what an SMS says, a code's last two digits said
after 后面是, and what the answer window never takes (a hotline, a market index)."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _redact(*turns: tuple[str, str]) -> list[str]:
    red, _ = redact_turns([Turn(s, t) for s, t in turns])
    return [t.text for t in red]


@pytest.mark.parametrize(
    "ask",
    [
        "我们给您手机发了一条短信 请把里面的数字报给我",
        "您念一下刚收到的短信内容",
        "短信里的数字是多少",
    ],
)
def test_code_answered_after_the_agent_asked_for_the_sms(ask: str) -> None:
    texts = _redact(("agent", ask), ("customer", "那个六位数啊 四洞 拐八 两九"))
    assert texts[1] == "那个六位数啊 <VERIFICATION_CODE>"


def test_an_sms_mentioned_without_a_request_opens_nothing() -> None:
    texts = _redact(("agent", "办理成功后会有短信通知您"), ("customer", "好的 我存了五千"))
    assert texts[1] == "好的 我存了五千"


def test_last_two_digits_of_a_code_after_houmian() -> None:
    texts = _redact(
        ("agent", "系统给您发了验证码 麻烦念一下"),
        ("customer", "嗯 是 三五 八二"),
        ("agent", "还差两位"),
        ("customer", "后面是 洞九"),
    )
    assert texts[1] == "嗯 是 <VERIFICATION_CODE>"
    assert texts[3] == "后面是 <VERIFICATION_CODE>"


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("对了 你们的热线是九五五五九吧", "九五五五九"),
        ("客服电话是95566吗", "95566"),
        ("今天中证500涨了没", "500"),
        ("顺便问下沪深300指数", "300"),
    ],
)
def test_hotline_and_index_in_the_answer_window(said: str, kept: str) -> None:
    texts = _redact(
        ("agent", "我给您发了个校验码 您念一下"),
        ("customer", "校验码是 六 二 九 四 零 八"),
        ("agent", "好的 验证通过"),
        ("customer", said),
    )
    assert texts[1] == "校验码是 <VERIFICATION_CODE>"
    assert kept in texts[3], texts[3]


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("钱退到卡里了吗 订单号3920184756201", "3920184756201"),
        ("卡还没寄到 快递单号是 7730 2291 8845", "7730 2291 8845"),
        ("卡的事 流水号 202511280931004417", "202511280931004417"),
    ],
)
def test_another_numbers_label_between_the_card_word_and_digits(said: str, kept: str) -> None:
    assert kept in _redact(("customer", said))[0]


def test_account_after_the_card_word_still_masked() -> None:
    assert _redact(("customer", "对公账户 账号是 3100 2294 0518 1102"))[0] == (
        "对公账户 账号是 <BANK_CARD>"
    )


@pytest.mark.parametrize(
    "agent",
    ["我们会短信通知到您预留的号码", "您说短信是九五五八八发的吗"],
)
def test_sms_without_a_request_for_its_content(agent: str) -> None:
    texts = _redact(("agent", agent), ("customer", "对 是九五五八八"))
    assert texts[1] == "对 是九五五八八"
