"""Digits named as another kind of number (合同号是, 订单号) are that number, not a house or room
number, even when the agent asked for "the contract number or the address"; an address given
after them in the same turn is still masked."""

from __future__ import annotations

from triage.redact import redact_turns
from triage.schema import Turn


def _answer(ask: str, answer: str) -> str:
    turns, _ = redact_turns((Turn("agent", ask), Turn("customer", answer)))
    return turns[1].text


def test_a_contract_number_after_an_address_ask_stays() -> None:
    text = _answer(
        "贷款合同号或者房产地址",
        "合同号是 三零一九 零四 七七二 房子是 成都 武侯区 科华北路六十二号力宝大厦一栋八零三",
    )
    assert "三零一九 零四 七七二" in text, text
    assert "科华北路" not in text and "八零三" not in text, text


def test_an_order_number_alone_after_an_address_ask_stays() -> None:
    text = "订单号 四四八二 零六 九一三"
    assert _answer("您的收货地址或者订单号", text) == text


def test_a_room_number_after_an_address_ask_is_still_masked() -> None:
    text = _answer("您住几号楼 房间号多少", "三栋 一七零五")
    assert "一七零五" not in text, text
