"""The live hook keeps a code cue (密码, 验证码) said in the part of an agent's context turn it
cuts off: the customer's next digits answer it as in the whole interaction, not only when the
cue happens to stand in the last ``context_chars`` characters."""

from __future__ import annotations

import pytest
from hook_replay import replay

from triage.hook import CUE_SEP, FLAG_SEP, ChatHook
from triage.redact import redact_turns
from triage.schema import Turn

#: The agent names the code at the start of a long turn, then speaks of an ID card as a
#: document (带身份证): without the cue, that reads as a request for another number.
PASSWORD = [
    ("customer", "我妈的 手机银行 登不进去 密码 想不起来了"),
    (
        "agent",
        "明白 登录密码 要重置的话 得请 您母亲 本人 带着身份证 "
        "到 就近的 网点 柜台 办理 或者 在 手机上 刷脸",
    ),
    ("customer", "她说 以前的密码 是 四六二 八一七 还是 四六二 七一八 她也拿不准"),
]
#: The agent sends a code at the start of a long turn; the customer reads it out alone.
SENT = [
    ("customer", "我想 换一下 绑定的 手机"),
    (
        "agent",
        "好的 动态码 已经 发送到 您 原来 登记的 手机上 了 "
        "麻烦您 收到以后 把 里面那串 数字 念给我 听一下 谢谢您的配合",
    ),
    ("customer", "五零三 九二八"),
]


@pytest.fixture()
def hook(default_pipeline) -> ChatHook:  # type: ignore[no-untyped-def]
    return ChatHook(default_pipeline, observers=[])


@pytest.mark.parametrize("turns", [PASSWORD, SENT], ids=["two-passwords", "code-alone"])
def test_hook_code_after_a_cue_cut_off_the_agent_turn_masked(
    hook: ChatHook, turns: list[tuple[str, str]]
) -> None:
    agent = turns[1][1]
    cue = "密码" if "密码" in agent else "动态码"
    assert agent.index(cue) + len(cue) < len(agent) - hook.context_chars  # the cue is cut off
    answers, final = replay(hook, "cue-cut", turns)
    batch, _ = redact_turns([Turn(s, t) for s, t in turns])
    for text in (answers[2], final[2], batch[2].text):
        assert not any(c in text for c in "零一二三四五六七八九0123456789"), "a digit readable"
        assert "<VERIFICATION_CODE>" in text
    assert answers[1] == final[1] == agent  # the agent's turn itself is kept as it was


def test_hook_context_turn_keeps_the_code_cue_of_an_agent_cut_only(hook: ChatHook) -> None:
    text = "核实通过，验证码发您手机了，" + "请" * hook.context_chars
    tail = text[-hook.context_chars :]
    context = hook._context_turn(Turn("agent", text)).text
    assert context == "核实通过" + FLAG_SEP + "验证码" + CUE_SEP + tail
    # a customer's turn keeps no cue (it may have said the digits in the part cut off)
    said = hook._context_turn(Turn("customer", text)).text
    assert said == "核实通过" + FLAG_SEP + tail
    # no cue in the part cut off: the end only
    plain = "您好，请问有什么可以帮您，" + "请" * hook.context_chars
    assert hook._context_turn(Turn("agent", plain)).text == plain[-hook.context_chars :]


def test_hook_without_agent_flags_keeps_the_end_only(default_pipeline) -> None:  # type: ignore[no-untyped-def]
    hook = ChatHook(default_pipeline, observers=[])
    hook._agent_flags = None  # a redact stage without the test
    text = "验证码发您手机了，" + "请" * hook.context_chars
    assert hook._context_turn(Turn("agent", text)).text == text[-hook.context_chars :]
