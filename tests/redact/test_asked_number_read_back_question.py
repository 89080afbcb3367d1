"""The agent asking back about the number just given, between 是 and 吗 (是 一三九 零七二二 五六八
吗), reads it back: in the live hook, whose context holds the customer's answer only as its
tag, the digits asked about are masked also when they no longer make a whole number (a digit
short); a short amount or a hotline asked about the same way stays."""

from __future__ import annotations

import pytest

from triage.hook import ChatHook

ASK = ("agent", "请留一下您的手机号")
PHONE = ("customer", "一三九 零七二二 五六八 一")


@pytest.mark.parametrize(
    ("turn", "redacted"),
    [
        ("是 一三九 零七二二 五六八 吗 好像少了一位", "是 <PHONE_NUMBER> 吗 好像少了一位"),
        ("是1390722568吗？少一位", "是<PHONE_NUMBER>吗？少一位"),
    ],
)
def test_number_asked_about_is_masked(default_pipeline, turn: str, redacted: str) -> None:  # type: ignore[no-untyped-def]
    hook = ChatHook(default_pipeline, observers=[])
    turns = [ASK, PHONE, ("agent", turn)]
    answers = [hook.add_message("q", s, t, float(i))["text"] for i, (s, t) in enumerate(turns)]
    final = hook.end_chat("q")
    assert final is not None
    assert answers[1] == "<PHONE_NUMBER>"
    assert answers[2] == final["turns"][2]["text"] == redacted


@pytest.mark.parametrize("turn", ["是 3000 吗 我帮您查一下", "是 95588 吗 那是我们的客服电话"])
def test_short_numbers_asked_about_stay(default_pipeline, turn: str) -> None:  # type: ignore[no-untyped-def]
    hook = ChatHook(default_pipeline, observers=[])
    turns = [ASK, PHONE, ("agent", turn)]
    answers = [hook.add_message("s", s, t, float(i))["text"] for i, (s, t) in enumerate(turns)]
    final = hook.end_chat("s")
    assert final is not None
    assert answers[2] == final["turns"][2]["text"] == turn
