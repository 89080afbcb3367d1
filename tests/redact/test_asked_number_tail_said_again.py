"""More last digits asked for than a bank prints (身份证后六位, 卡号后八位): when the caller takes
the string said back and says another of that length (不对 那是我儿子的 我的是 …), that one is
the part asked for too, in batch and in the live answer (the message is answered before any
later turn can show it)."""

from __future__ import annotations

import pytest

from triage.hook import ChatHook
from triage.redact import redact_turns
from triage.schema import Turn


@pytest.mark.parametrize(
    ("ask", "answer", "redacted", "entity"),
    [
        (
            "麻烦 报 一下 身份证 后 六位",
            "一 三 零 七 二 五 呃 不对 这 是 我 儿子 的 我 的 是 二 零 一 一 三 X",
            "<CN_ID_CARD> 呃 不对 这 是 我 儿子 的 我 的 是 <CN_ID_CARD>",
            "CN_ID_CARD",
        ),
        (
            "请提供您的证件号码后六位",
            "281735，说错了，是281753",
            "<CN_ID_CARD>，说错了，是<CN_ID_CARD>",
            "CN_ID_CARD",
        ),
        (
            "请报一下卡号后八位",
            "6623 0918 哦 我念反了 是 6623 0981",
            "<BANK_CARD> 哦 我念反了 是 <BANK_CARD>",
            "BANK_CARD",
        ),
    ],
)
def test_tail_said_again_after_a_correction(
    default_pipeline, ask: str, answer: str, redacted: str, entity: str
) -> None:  # type: ignore[no-untyped-def]
    turns, entities = redact_turns([Turn("agent", ask), Turn("customer", answer)])
    assert turns[1].text == redacted
    assert {e.type for e in entities if e.turn == 1} == {entity}
    hook = ChatHook(default_pipeline, observers=[])
    hook.add_message("tail", "agent", ask, 0.0)
    assert hook.add_message("tail", "customer", answer, 1.0)["text"] == redacted


def test_an_amount_after_the_tail_stays() -> None:
    turns, _ = redact_turns(
        [
            Turn("agent", "请报一下身份证后六位"),
            Turn("customer", "三二零幺二八 不对 我是想问 这个月 还 二零二六零零 元 对吗"),
        ]
    )
    assert turns[1].text == "<CN_ID_CARD> 不对 我是想问 这个月 还 二零二六零零 元 对吗"
