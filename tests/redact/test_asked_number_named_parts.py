"""A phone number's first part said after its name, the rest in a later turn: masked in the
turn that holds it (the live hook answers each message before the rest arrives).

* after its bare name (电话 / 手机) at the end of a customer's turn, asked for or not, when it
  starts like a mobile number or an area code;
* in the answer to an ask, after the number's name (手机 幺三七 …);
* after an announcement of a new number (我把新号给你 / …).
"""

from __future__ import annotations

import pytest

from triage.hook import ChatHook
from triage.redact import redact_turns
from triage.schema import Turn

SPOKEN = set("零一二三四五六七八九幺拐洞两")


def _texts(*pairs: tuple[str, str]) -> list[str]:
    turns, _ = redact_turns([Turn(s, t) for s, t in pairs])
    return [t.text for t in turns]


@pytest.mark.parametrize(
    "pairs",
    [
        # bare name, nobody asked
        (("agent", "对方的情况您记下了吗"), ("customer", "记了 对方电话 幺三七 二二零八")),
        (("customer", "我姐的手机 一五九 六六"),),
        (("customer", "您打这个电话 零二八 八五"),),
        # named in the answer to an ask
        (("agent", "请说一下您的手机号码"), ("customer", "手机 幺三七 零四幺")),
        (("agent", "麻烦报一下卡号"), ("customer", "卡号 六二二八 四八")),
    ],
)
def test_named_first_part_masked(pairs: tuple[tuple[str, str], ...]) -> None:
    texts = _texts(*pairs)
    assert not SPOKEN & set(texts[-1].split()[-1])
    assert texts[-1].endswith(("<PHONE_NUMBER>", "<BANK_CARD>"))


def test_new_number_announced_then_read_out() -> None:
    texts = _texts(
        ("customer", "她换号了 我把她新号报给你"),
        ("agent", "好的 麻烦您了"),
        ("customer", "幺八九 零二 七七"),
    )
    assert texts[2] == "<PHONE_NUMBER>"


@pytest.mark.parametrize(
    "pairs",
    [
        (("customer", "电话 一二三四五"),),  # no mobile prefix or area code
        (("customer", "我打了好几次电话 三次了"),),
        (("customer", "我手机 20分钟 没信号"),),
        (("customer", "新手机 花了 三千二"),),
        (("customer", "手机 幺三七 的那个号 停机了"),),  # not at the end of the turn
        (("customer", "我新号 才办的"), ("customer", "二零二五年 办的")),
    ],
)
def test_other_digits_after_a_phone_name_stay(pairs: tuple[tuple[str, str], ...]) -> None:
    assert _texts(*pairs) == [t for _, t in pairs]


def test_hook_answer_masks_a_bare_named_phone_part(default_pipeline) -> None:  # type: ignore[no-untyped-def]
    hook = ChatHook(default_pipeline, observers=[])
    turns = [
        ("agent", "对方车主的信息记了吗"),
        ("customer", "记了 他叫刘伟 电话 幺三七 二二零八"),
        ("agent", "嗯"),
        ("customer", "五九四一 他说他全责"),
    ]
    answers = [hook.add_message("bare", s, t, float(i))["text"] for i, (s, t) in enumerate(turns)]
    final = hook.end_chat("bare")
    assert final is not None
    for text in (answers[1], final["turns"][1]["text"]):
        assert text.endswith("电话 <PHONE_NUMBER>")
    assert answers[3] == final["turns"][3]["text"] == "<PHONE_NUMBER> 他说他全责"
