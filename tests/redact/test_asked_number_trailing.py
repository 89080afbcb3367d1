"""A first group of an asked number the caller trails off after (那个, 然后), the rest later."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


@pytest.mark.parametrize(
    ("ask", "first", "rest", "entity"),
    [
        (
            "麻烦报一下您的身份证号码",
            "四一零 三二七 那个",
            "幺九八八 零六二三 七七幺五",
            "CN_ID_CARD",
        ),
        ("请说一下卡号", "六二一七 八五零零 然后", "幺二三四 五六七八 九零二", "BANK_CARD"),
        ("您的手机号是多少", "幺八六 这个", "五五零二 三九四八", "PHONE_NUMBER"),
        ("证件号码报一下", "三三零幺零六 就是 等一下", "幺九七九 零四幺八 三三二X", "CN_ID_CARD"),
    ],
)
def test_asked_number_first_group_before_a_trailing_filler(
    ask: str, first: str, rest: str, entity: str
) -> None:
    # the caller gives a first group, trails off, the agent nods, the rest comes next turn
    turns, entities = redact_turns(
        [
            Turn("agent", ask),
            Turn("customer", first),
            Turn("agent", "嗯 然后"),
            Turn("customer", rest),
        ]
    )
    assert turns[1].text.startswith(f"<{entity}> ")
    assert turns[3].text == f"<{entity}>"
    assert (1, entity) in {(e.turn, e.type) for e in entities}


@pytest.mark.parametrize(
    "answer",
    [
        "十五号 那个",  # a date
        "两千块 那个",  # an amount
        "我转了 2000 那个",  # other words before the digits: not a whole-turn group
        "那个 然后",  # no digits
    ],
)
def test_asked_number_trailing_filler_without_a_group_kept(answer: str) -> None:
    turns, entities = redact_turns([Turn("agent", "请报一下卡号"), Turn("customer", answer)])
    assert turns[1].text == answer
    assert entities == ()
