"""A toll card's or on-board unit's number (ETC卡号, OBU号) is no bank card."""

from __future__ import annotations

import pytest

from triage.redact import redact_text, redact_turns
from triage.schema import Turn


@pytest.mark.parametrize(
    "turns",
    [
        [("agent", "麻烦提供一下车牌和ETC卡号"), ("customer", "ETC卡号 3202 1109 0087 2345 6601")],
        [("agent", "请问您的通行卡号是多少"), ("customer", "44010923117765203398")],
        # Luhn-valid by chance, named as the on-board unit's number
        [("customer", "OBU背面也有个号 3301 8306 6997 6763 用不用报")],
        [
            (
                "agent",
                "好的 您 的 ETC 卡 号 三 二 零 二 幺 幺 零 九 零 零 八 七 二 三 四 五 六 六 零 幺"
                " 已经 解除 黑名单",
            )
        ],
    ],
)
def test_toll_numbers_stay(turns: list[tuple[str, str]]) -> None:
    out, ents = redact_turns([Turn(s, t) for s, t in turns])
    assert not ents
    assert [t.text for t in out] == [t for _, t in turns]


@pytest.mark.parametrize(
    "text",
    [
        "ETC绑定的卡号是6217884370374244",
        "ETC扣款的银行卡号 6228 7978 9102 4485 948",
        "通行费从我信用卡扣的 卡号6217884370374244",
    ],
)
def test_the_bank_card_of_a_toll_account_still_goes(text: str) -> None:
    assert any(e.type == "BANK_CARD" for e in redact_text(text).entities)


def test_a_card_asked_for_with_the_toll_card_still_goes() -> None:
    out, _ = redact_turns(
        [
            Turn("agent", "请提供ETC卡号和扣款银行卡号"),
            Turn("customer", "ETC是 3202 1109 0087 2345 6601 银行卡 6217 8843 7037 4244"),
        ]
    )
    assert "6217" not in out[1].text and "4244" not in out[1].text
