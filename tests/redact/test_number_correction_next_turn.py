"""A group of a number said again after a correction that opens the same speaker's next turn
(… 四七八 / 哎 不对 最后三位是 四七三) is part of that number, whole number or not, in a whole
interaction and in the live hook (where the earlier turn is stored as its tag). A correction
after the agent asked for another kind of number, or of something that is no number, stays."""

from __future__ import annotations

import pytest

from triage.hook import ChatHook
from triage.redact import redact_turns
from triage.schema import Turn

_CALL = [
    ("agent", "退款打到哪张卡上 麻烦报一下卡号"),
    ("customer", "建行的 六二一七 零零三八 一二四五 六六九二 五五八"),
    ("customer", "哎 不对 最后三位是 五八五 我看错了"),
]


def test_a_correction_in_the_next_turn_is_masked() -> None:
    turns, entities = redact_turns([Turn(s, t) for s, t in _CALL])
    assert turns[2].text == "哎 不对 最后三位是 <BANK_CARD> 我看错了", turns[2].text
    assert (2, "BANK_CARD") in {(e.turn, e.type) for e in entities}


def test_a_correction_in_the_next_turn_is_masked_live(default_pipeline) -> None:  # type: ignore[no-untyped-def]
    hook = ChatHook(default_pipeline, observers=[])
    answers = [hook.add_message("fix", s, t, float(i))["text"] for i, (s, t) in enumerate(_CALL)]
    final = hook.end_chat("fix")
    assert final is not None
    assert "五八五" not in answers[2]
    assert "五八五" not in final["turns"][2]["text"]


@pytest.mark.parametrize(
    "turns",
    [
        # the agent asked for the phone in between: the corrected digits are no card's
        [
            ("customer", "卡号 六二一七 零零三八 一二四五 六六九二 五五八"),
            ("agent", "好的 您的手机号呢"),
            ("customer", "不对 是 幺三九 零零 我再看看"),
        ],
        # an amount said after a correction
        [
            ("customer", "卡号 六二一七 零零三八 一二四五 六六九二 五五八"),
            ("customer", "不对 是 三千块 不是两千"),
        ],
    ],
)
def test_other_words_after_a_correction_stay(turns: list[tuple[str, str]]) -> None:
    out, _ = redact_turns([Turn(s, t) for s, t in turns])
    assert "BANK_CARD" not in out[-1].text
