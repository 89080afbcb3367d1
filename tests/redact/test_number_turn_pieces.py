"""A number read out in pieces within one turn, found only in part (``_pieces_around``).

The pieces are joined by 是/对 or a connective (然后, 最后), and in an ID number the
birth year may be said as a year (一九八七年的). Values are generated (GB 11643 check
digit, Luhn), not from any probe set.
"""

from __future__ import annotations

import pytest

from triage.hook import ChatHook
from triage.pipeline import Pipeline
from triage.redact import redact_turns
from triage.schema import Turn


def _redact(*turns: tuple[str, str]) -> list[str]:
    red, _ = redact_turns([Turn(s, t) for s, t in turns])
    return [t.text for t in red]


ID_ASK = ("agent", "麻烦您报一下身份证号码")
CARD_ASK = ("agent", "请问您要查哪张卡")


@pytest.mark.parametrize(
    "said",
    [
        # 330106 1987 0314 2238 (valid check digit): the year said as a year
        "身份证是 三三零幺零六 然后是 一九八七年的 呃 零三幺四 二二三八",
        "三三零幺零六 是 一九八七年的 零三幺四 二二三八",
        "三三零幺零六 然后 一九八七年 零三幺四 二二三八",
    ],
)
def test_id_with_the_birth_year_said_as_a_year(said: str) -> None:
    text = _redact(ID_ASK, ("customer", said))[1]
    assert not any(d in text for d in "零幺二三六七八九"), text


@pytest.mark.parametrize(
    "said",
    [
        # 6217 0038 2946 5510 372 (Luhn-valid), said with 对/然后/是/最后 between the groups
        "卡号是 六二幺七 对 零零三八 然后 二九四六 是 五五幺零 最后 三七二",
        "卡号是 六二幺七 零零三八 是 二九四六 是 五五幺零 最后是 三七二",
    ],
)
def test_card_groups_joined_by_shi_and_connectives(said: str) -> None:
    text = _redact(CARD_ASK, ("customer", said))[1]
    assert not any(d in text for d in "零幺二三五六七八九"), text


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        # a whole card, then a year or an amount: not part of it
        ("卡号是 六二幺七 零零三八 二九四六 五五幺五 是 二零一九年办的", "二零一九年"),
        ("卡号是 六二幺七 零零三八 二九四六 五五幺五 是 三千块钱", "三千块"),
        # a year after a phone number is no birth year
        ("我手机 幺三八 零零幺三 是 一九九零年开的户", "一九九零年"),
    ],
)
def test_what_follows_a_number_is_not_taken(said: str, kept: str) -> None:
    text = _redact(CARD_ASK, ("customer", said))[1]
    assert kept in text, text


def test_pieces_in_the_live_hook() -> None:
    pipe = Pipeline.from_config()
    pipe.setup()
    hook = ChatHook(pipe, observers=[])
    hook.add_message("c1", *ID_ASK)
    d = hook.add_message("c1", "customer", "三三零幺零六 然后是 一九八七年的 零三幺四 二二三八")
    assert not any(c in d["text"] for c in "零幺二三六七八九"), d["text"]


@pytest.mark.parametrize(
    "said",
    [
        # which bank the card is, said between its first digits and the rest
        "嗯 六二二七 零零 就是那个 建设银行 的 幺二三四五六七八九零幺",
        "六二二八四八 农业银行的 零三九一二六五五七零三幺",
    ],
)
def test_card_piece_before_the_bank_name_is_masked(said: str) -> None:
    red = _redact(("agent", "您绑定的银行卡号能报一下吗"), ("customer", said))
    assert red[1].count("<BANK_CARD>") == 2
    assert not any(c in "零二三四五六七八九幺" for c in red[1])


@pytest.mark.parametrize(
    ("ask", "said"),
    [
        # a bank name joins only a card's pieces
        ("您的手机号", "幺三八 就是那个 建设银行的 那个 幺二三四 五六七八"),
        # an amount before the bank name is no piece
        ("请问您的卡号", "转了 三千 是建设银行的 六二二七零零幺二三四五六七八九零幺"),
    ],
)
def test_bank_name_joins_no_other_digits(ask: str, said: str) -> None:
    red = _redact(("agent", ask), ("customer", said))
    head = said.split(" ")[1] if said.startswith("转了") else said.split(" ")[0]
    assert head in red[1]
