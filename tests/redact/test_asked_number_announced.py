"""The customer announces the number being read out (身份证号 我这儿有 …, 我报一下我的手机号):
the first part is masked in the turn that holds it, before the rest arrives (the live hook
answers each message at once); amounts, dates and counts after such words stay."""

from __future__ import annotations

import pytest

from triage.hook import ChatHook
from triage.redact import redact_turns
from triage.schema import Turn

SPOKEN = set("零一二三四五六七八九幺")


def _texts(*pairs: tuple[str, str]) -> list[str]:
    turns, _ = redact_turns([Turn(s, t) for s, t in pairs])
    return [t.text for t in turns]


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("身份证号 我这儿有 五三零一零二 幺九八八", "身份证号 我这儿有 "),
        ("卡号 我念一下啊 六二一七 零零三五", "卡号 我念一下啊 "),
        ("我妈的手机号 我这边有 我报给您 幺五零 三三八二", "我妈的手机号 我这边有 我报给您 "),
    ],
)
def test_first_part_after_an_announcement_masked(line: str, kept: str) -> None:
    (text,) = _texts(("customer", line))
    assert text.startswith(kept)
    assert not SPOKEN & set(text[len(kept) :])


def test_announcement_alone_opens_the_answer() -> None:
    texts = _texts(
        ("customer", "我跟你说一下卡号"),
        ("agent", "好的 您说"),
        ("customer", "六二一七 零零三五"),
        ("customer", "八八二一 四零六三"),
    )
    assert texts[2:] == ["<BANK_CARD>", "<BANK_CARD>"]


@pytest.mark.parametrize(
    "pairs",
    [
        (("customer", "卡号 我这儿有 两张卡"),),
        (("customer", "身份证号 我这儿有 18位"),),
        (("customer", "我说一下我的手机号"), ("customer", "上个月 二零二四年三月 换的")),
        (("customer", "我报一下卡号"), ("customer", "刚才转了 5000元")),
        # no announcement: the number's name alone opens nothing
        (("customer", "我想改一下手机号"), ("customer", "客服工号 三零八五")),
    ],
)
def test_amounts_dates_counts_after_an_announcement_stay(
    pairs: tuple[tuple[str, str], ...],
) -> None:
    assert _texts(*pairs) == [t for _, t in pairs]


def test_hook_answer_masks_the_first_part_before_the_rest(default_pipeline) -> None:  # type: ignore[no-untyped-def]
    hook = ChatHook(default_pipeline, observers=[])
    turns = [
        ("agent", "请问贷款人的姓名"),
        ("customer", "我妈叫 赵秀兰 身份证号 我这儿有 四二零一零六 幺九六三"),
        ("agent", "嗯 您说"),
        ("customer", "零八二七 四四一五"),
    ]
    answers = [
        hook.add_message("announced", s, t, float(i))["text"] for i, (s, t) in enumerate(turns)
    ]
    final = hook.end_chat("announced")
    assert final is not None
    for text in (answers[1], final["turns"][1]["text"]):
        assert text.endswith("身份证号 我这儿有 <CN_ID_CARD>")
    assert answers[3] == "<CN_ID_CARD>"
