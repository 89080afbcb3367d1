"""重复 makes an agent's turn a read-back (the live hook's context holds the customer's answer only
as its tag, so every long digit string of a read-back turn is masked) only as the verb to
repeat (重复一下, 给您重复一遍), not as a charge or an order made twice (重复扣款, 重复下单):
another number the agent names in such a turn stays readable."""

from __future__ import annotations

import pytest

from triage.hook import ChatHook
from triage.redact import redact_turns
from triage.schema import Turn

ASK = ("agent", "请提供一下扣款的银行卡号")
CARD = ("customer", "6217003810029483716")


@pytest.mark.parametrize(
    "turn",
    [
        "查到两笔重复扣款，参考号 7788 2301 5566，我们会原路退回",
        "您这是重复下单了，第二笔的商户参考 60412298 已经撤销",
        "重复收费的那笔 交易参考号是 5531 0987 2214 请您记一下",
    ],
)
def test_twice_is_no_read_back(default_pipeline, turn: str) -> None:  # type: ignore[no-untyped-def]
    turns = [ASK, CARD, ("agent", turn)]
    digits = [w for w in turn.replace("，", " ").split() if w.isdigit()]
    hook = ChatHook(default_pipeline, observers=[])
    answers = [hook.add_message("twice", s, t, float(i))["text"] for i, (s, t) in enumerate(turns)]
    final = hook.end_chat("twice")
    assert final is not None
    assert answers[1] == "<BANK_CARD>"
    batch, _ = redact_turns([Turn(s, t) for s, t in turns])
    for text in (batch[2].text, answers[2], final["turns"][2]["text"]):
        assert text == turn, digits


@pytest.mark.parametrize(
    ("turn", "number"),
    [
        ("我给您重复一遍 {} 对吗", "6217 0038 1002 9483 717"),
        ("好的 我重复一下 {}", "六二一七 零零三八 幺零零二 九四八三 七幺七"),
        ("跟您重复 {} 没问题的话我就提交了", "6217003810029483717"),
    ],
)
def test_repeat_is_a_read_back(default_pipeline, turn: str, number: str) -> None:  # type: ignore[no-untyped-def]
    # the number read back with its last digit misheard (no valid card checksum)
    turns = [ASK, CARD, ("agent", turn.format(number))]
    hook = ChatHook(default_pipeline, observers=[])
    answers = [hook.add_message("again", s, t, float(i))["text"] for i, (s, t) in enumerate(turns)]
    final = hook.end_chat("again")
    assert final is not None
    for text in (answers[2], final["turns"][2]["text"]):
        assert text == turn.format("<BANK_CARD>")
