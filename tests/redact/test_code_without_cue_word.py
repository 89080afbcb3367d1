"""Codes given without a code word: a CVV asked for by the signature strip or the card's back
and its last three digits, a code named by where it arrived (手机上收到的数字), and a password
with letters given in the answer window after the agent spoke of 密码."""

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
        "麻烦您看一下卡背面 签名条旁边那串数 报最后三位",
        "您把卡翻到背后 上面一排数字 念一下后三位",
    ],
)
def test_cvv_asked_by_the_signature_strip(ask: str) -> None:
    texts = _redact(("agent", ask), ("customer", "最后三位 五 一 八"))
    assert texts[1] == "最后三位 <VERIFICATION_CODE>"


def test_a_card_tail_asked_without_the_back_stays_a_tail() -> None:
    texts = _redact(("agent", "请问您卡号后三位是多少"), ("customer", "后三位 六 零 二"))
    assert "<VERIFICATION_CODE>" not in texts[1]


@pytest.mark.parametrize(
    "said",
    [
        "骗子让我把手机上收到的那个数字念给他 我念了 二 七 四 九 零 六",
        "短信里收到的码是 730418 我发给他了",
    ],
)
def test_code_named_by_where_it_arrived(said: str) -> None:
    texts = _redact(("agent", "您慢慢说"), ("customer", said))
    assert "<VERIFICATION_CODE>" in texts[1]
    assert not any(c.isdigit() for c in texts[1])


def test_received_sms_with_an_amount_is_no_code() -> None:
    texts = _redact(("agent", "您慢慢说"), ("customer", "我手机收到的短信说扣了三千二百元"))
    assert texts[1] == "我手机收到的短信说扣了三千二百元"


@pytest.mark.parametrize("secret", ["Kd9!x2024", "mnb665544", "zz_7731pq"])
def test_password_with_letters_in_the_answer_window(secret: str) -> None:
    texts = _redact(
        ("agent", "新的交易密码需要包含字母和数字"),
        ("customer", f"那我用{secret} 可以吗"),
    )
    assert texts[1] == "那我用<VERIFICATION_CODE> 可以吗"


@pytest.mark.parametrize("said", ["我用的是iPhone15 收不到", "订单号DD20261130 那单呢"])
def test_model_names_and_labelled_numbers_in_the_window_stay(said: str) -> None:
    texts = _redact(("agent", "登录密码需要字母加数字"), ("customer", said))
    assert texts[1] == said


def test_letters_and_digits_without_a_password_turn_stay() -> None:
    texts = _redact(("agent", "请问还有什么问题"), ("customer", "我用的abc778899 这个账号"))
    assert "abc778899" in texts[1]
