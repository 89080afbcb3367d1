"""The live hook cuts each context turn to its end, but keeps the words saying the identity
check passed (核实通过) from the part cut off: after them the customer's next digits answer the
next question, no rest of the number checked, as in a whole interaction."""

from __future__ import annotations

import pytest
from hook_replay import replay

from triage.hook import FLAG_SEP, ChatHook
from triage.redact import redact_turns
from triage.schema import Turn

CHECKED = [
    ("agent", "麻烦报一下身份证后六位"),
    ("customer", "620418"),
    (
        "agent",
        "{flag}，您这个月可以领取的礼品有两种，分别是价值200元的超市购物卡和一台电饭煲，您选哪个",
    ),
    ("customer", "200"),
]


@pytest.fixture()
def hook(default_pipeline) -> ChatHook:  # type: ignore[no-untyped-def]
    return ChatHook(default_pipeline, observers=[])


@pytest.mark.parametrize("flag", ["核对无误", "好的 身份已核实"])
def test_hook_digits_after_a_long_check_passed_turn_stay(hook: ChatHook, flag: str) -> None:
    turns = [(s, t.format(flag=flag)) for s, t in CHECKED]
    assert len(turns[2][1]) - hook.context_chars > len(flag) - 2  # the flag is cut off
    answers, final = replay(hook, "checked", turns)
    batch, _ = redact_turns([Turn(s, t) for s, t in turns])
    assert answers[1] == final[1] == batch[1].text == "<CN_ID_CARD>"
    assert answers[3] == final[3] == batch[3].text == "200"


def test_hook_context_turn_keeps_only_the_flag_words_of_the_cut(hook: ChatHook) -> None:
    text = "核实通过，您的积分是3200分，" + "可" * hook.context_chars
    context = hook._context_turn(Turn("agent", text)).text
    assert context == "核实通过" + FLAG_SEP + text[-hook.context_chars :]
    short = "核实通过，请问兑换哪档"
    assert hook._context_turn(Turn("agent", short)).text == short
    plain = "您的积分是3200分，" + "可" * hook.context_chars
    assert hook._context_turn(Turn("agent", plain)).text == plain[-hook.context_chars :]


def test_hook_first_part_in_a_cut_turn_with_a_flag_masked_at_its_place(hook: ChatHook) -> None:
    # no cue: the first part is found only when the rest makes a Luhn-valid card
    first = (
        "我这边已核实过了，之前那张注销了，现在用的是新的，号码也换了，"
        "您帮我看下，转账转到 6228 4803"
    )
    turns = [("agent", "请问还有什么问题"), ("customer", first), ("customer", "1234 5678 915")]
    assert first.index("已核实") < len(first) - hook.context_chars
    answers, final = replay(hook, "cut-part", turns)
    assert answers[1] == first
    assert answers[2] == final[2] == "<BANK_CARD>"
    assert final[1] == first[: first.index("6228")] + "<BANK_CARD>"
