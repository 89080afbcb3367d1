"""An agent turn after the customer gave an asked-for number reads it back, but a digit string
the turn names as another kind of number (流水号, 订单号, 报案号) is that number: it stays,
also in the live hook, whose stored turns hold the answer only as its tag."""

from __future__ import annotations

import pytest

from triage.hook import ChatHook
from triage.redact import redact_turns
from triage.schema import Turn

TURNS = [
    ("agent", "麻烦提供一下对方的完整卡号"),
    ("customer", "6217003810029483716"),
    ("agent", "核对了，卡号正确，可以凭{cue}{serial}到网点查询"),
]


@pytest.mark.parametrize(
    ("cue", "serial"),
    [
        ("流水号", "3027110508114400062918"),
        ("订单号：", "5120998877001234"),
        ("报案号 ", "88012345671"),
    ],
)
def test_named_other_number_in_a_read_back_turn_stays(
    default_pipeline, cue: str, serial: str
) -> None:  # type: ignore[no-untyped-def]
    turns = [(s, t.format(cue=cue, serial=serial)) for s, t in TURNS]
    batch, _ = redact_turns([Turn(s, t) for s, t in turns])
    hook = ChatHook(default_pipeline, observers=[])
    answers = [hook.add_message("other", s, t, float(i))["text"] for i, (s, t) in enumerate(turns)]
    final = hook.end_chat("other")
    assert final is not None
    assert answers[1] == batch[1].text == "<BANK_CARD>"
    for text in (batch[2].text, answers[2], final["turns"][2]["text"]):
        assert serial in text


def test_the_number_read_back_is_still_masked(default_pipeline) -> None:  # type: ignore[no-untyped-def]
    hook = ChatHook(default_pipeline, observers=[])
    turns = [
        ("agent", "麻烦提供一下对方的完整卡号"),
        ("customer", "6217003810029483716"),
        ("agent", "跟您核对一下 6217003810029483716 对吗"),
    ]
    answers = [hook.add_message("back", s, t, float(i))["text"] for i, (s, t) in enumerate(turns)]
    assert "6217" not in answers[2]
