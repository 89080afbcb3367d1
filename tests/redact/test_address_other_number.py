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


def test_a_pickup_code_shaped_like_a_room_number_stays() -> None:
    for text in (
        "驿站发了取件码 5-1-2046 我明天去拿",
        "取货码是 12-3-0871",
        "给个提货码 比如8-2-1133这样的",
    ):
        turns, _ = redact_turns((Turn("customer", text),))
        assert turns[0].text == text, turns[0].text


def test_a_room_number_after_a_pickup_code_word_elsewhere_is_masked() -> None:
    turns, _ = redact_turns((Turn("customer", "取件码收到了 快递寄到 幸福里小区 5-1-2046 就行"),))
    assert "2046" not in turns[0].text, turns[0].text
