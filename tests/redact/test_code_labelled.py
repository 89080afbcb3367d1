"""Digits after a label ending in 号 in the code's answer window are that number."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


@pytest.mark.parametrize(
    "said",
    [
        "那个人说他工号73102 让我相信他",
        "他报了个编号 4417 说是工作证上的",
        "他说他是客服 工号是 66019",
    ],
)
def test_labelled_number_in_the_code_window_stays(said: str) -> None:
    turns = [
        Turn("agent", "您好 请问您把短信验证码告诉对方了吗"),
        Turn("customer", "说了 验证码 529318"),
        Turn("customer", said),
    ]
    out, _ = redact_turns(turns)
    assert "529318" not in out[1].text
    assert out[2].text == said


@pytest.mark.parametrize(
    "said",
    ["号码是 739201", "验证码号码是 274916", "嗯 483920"],
)
def test_the_code_asked_for_still_goes(said: str) -> None:
    out, ents = redact_turns([Turn("agent", "请报一下您收到的验证码"), Turn("customer", said)])
    assert any(e.type == "VERIFICATION_CODE" and e.turn == 1 for e in ents)
    assert not any(ch.isdigit() for ch in out[1].text)
