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


def test_hook_no_name_at_the_cut_of_a_context_turn(hook: ChatHook) -> None:
    # the turn is longer than the context kept, which starts at 张卡注销了 (之前那 cut off): the
    # redactor reads a name there when the card's rest arrives; the stored turn was read whole
    first = (
        "我原来那个卡不能用了，之前那张卡注销了，现在用的是新的，号码也换了，您帮我看下，"
        "转账转到 6228 4803"
    )
    turns = [("agent", "请问还有什么问题"), ("customer", first), ("customer", "1234 5678 915")]
    answers = [hook.add_message("c", s, t, float(i))["text"] for i, (s, t) in enumerate(turns)]
    final = hook.end_chat("c")
    assert final is not None
    assert answers[1] == first  # no name, and the rest had not come yet
    assert final["turns"][1]["text"] == first.replace("6228 4803", "<BANK_CARD>")
    assert {(e["turn"], e["type"]) for e in final["pii"]} == {(1, "BANK_CARD"), (2, "BANK_CARD")}


@pytest.mark.parametrize(
    "turns",
    [
        [
            ("agent", "请问寄到哪里"),
            ("customer", "寄到北京市海淀区中关村大街27号"),
            ("agent", "好的 您的手机号是多少"),
            ("customer", "13912345678"),
        ],
        [
            ("customer", "我的账单一直寄到南京市鼓楼区中山北路30号去了"),
            ("agent", "请问新的地址是"),
            ("customer", "3栋2单元"),
        ],
    ],
)
def test_hook_a_tag_is_not_masked_again(hook: ChatHook, turns: list[tuple[str, str]]) -> None:
    # a later message makes the redactor read the stored turn's <ADDRESS> as an address: the
    # stored turn keeps its one tag and its one finding (no <<ADDRESS>>, no second span)
    answers = [hook.add_message("a", s, t, float(i))["text"] for i, (s, t) in enumerate(turns)]
    final = hook.end_chat("a")
    assert final is not None
    k = next(i for i, a in enumerate(answers) if "<ADDRESS>" in a)
    assert final["turns"][k]["text"] == answers[k]
    assert "<<" not in final["turns"][k]["text"]
    spans = [(e["start"], e["end"]) for e in final["pii"] if e["turn"] == k]
    assert len(spans) == 1
    assert turns[k][1][spans[0][0] : spans[0][1]].endswith("号")
