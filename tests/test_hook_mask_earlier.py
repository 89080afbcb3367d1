"""The live hook masks in a stored turn the first part of a number found only when its rest
arrives, also in a turn where something was masked before (a name): the stored turn holds that
value's tag, and the new offsets are taken back to the original text's (SPEC §3)."""

from __future__ import annotations

import pytest

from triage.hook import ChatHook


@pytest.fixture()
def hook(default_pipeline) -> ChatHook:  # type: ignore[no-untyped-def]
    return ChatHook(default_pipeline, observers=[])


@pytest.mark.parametrize(
    "first",
    [
        "我是刘志刚 之前那张注销了 转账转到 6228 4803",
        # longer than the context kept: the name's tag lies in the part cut off
        "我是刘志刚，原来的卡注销了，现在用的是新的，号码也换了，您帮我看下，转账转到 6228 4803",
    ],
)
def test_hook_first_part_masked_in_a_turn_with_a_name(hook: ChatHook, first: str) -> None:
    turns = [("agent", "请问还有什么问题"), ("customer", first), ("customer", "1234 5678 915")]
    answers = [hook.add_message("m", s, t, float(i))["text"] for i, (s, t) in enumerate(turns)]
    final = hook.end_chat("m")
    assert final is not None
    assert answers[1] == first.replace("刘志刚", "<PERSON>")  # the rest had not come yet
    assert final["turns"][1]["text"] == answers[1].replace("6228 4803", "<BANK_CARD>")
    spans = {(e["turn"], turns[e["turn"]][1][e["start"] : e["end"]]) for e in final["pii"]}
    assert spans == {(1, "刘志刚"), (1, "6228 4803"), (2, "1234 5678 915")}
