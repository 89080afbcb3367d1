"""Stock and fund codes in the answer window after a password was spoken of are no codes."""

from __future__ import annotations

import pytest

from triage.redact import redact_text, redact_turns
from triage.schema import Turn

#: The agent speaks of a password (the code's answer window opens), then the customer goes on.
_PASSWORD_TALK = [
    ("customer", "我的交易密码输错好几次 被锁住了"),
    ("agent", "您好，交易密码锁定后可以在APP里通过人脸识别重置"),
]


@pytest.mark.parametrize(
    "said",
    [
        "我今天收盘前还想卖000651 来得及吗",
        "我还有个基金110011每月定投的 会不会受影响",
        "股票代码是 601318 那个能正常买吗",
        "下午要买入 510300 急着用",
        "赎回 519674 的钱什么时候到",
    ],
)
def test_security_code_in_the_answer_window_stays(said: str) -> None:
    turns = [Turn(s, t) for s, t in _PASSWORD_TALK] + [Turn("customer", said)]
    out, _ = redact_turns(turns)
    assert out[-1].text == said


@pytest.mark.parametrize(
    ("turns", "kept"),
    [
        # the code asked for still goes, whatever the customer said before it
        ([("agent", "请报一下短信验证码"), ("customer", "482913")], ""),
        ([("agent", "请问动态密码是多少"), ("customer", "嗯 是 759306")], "嗯 是 "),
        # a password of the fund account after its cue word
        ([("customer", "我基金账户的密码是 246810 能不能改")], None),
        # six digits after a trading verb, but with the code word right before them
        ([("customer", "我要卖股票 验证码 318204")], None),
    ],
)
def test_codes_after_security_words_still_go(
    turns: list[tuple[str, str]], kept: str | None
) -> None:
    out, ents = redact_turns([Turn(s, t) for s, t in turns])
    assert any(e.type == "VERIFICATION_CODE" and e.turn == len(turns) - 1 for e in ents)
    if kept is not None:
        assert out[-1].text == kept + "<VERIFICATION_CODE>"


def test_inline_cue_before_a_security_code_is_no_code() -> None:
    # the password is named, the digits after the trade verb are the stock's code
    text = "密码锁了我就没法卖600519了"
    assert redact_text(text).text == text
