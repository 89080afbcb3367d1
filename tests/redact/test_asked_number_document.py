"""The agent naming the ID card as a document to bring, copy or replace (带身份证到网点,
身份证原件, 身份证丢了的话先开临时身份证) asks for no number: the customer's next digits (a
contract or a police receipt number) stay. A request to read a number out still asks; a
receipt number (回执号, 受理号) named before its digits is that number."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _texts(*pairs: tuple[str, str]) -> list[str]:
    turns, _ = redact_turns([Turn(s, t) for s, t in pairs])
    return [t.text for t in turns]


@pytest.mark.parametrize(
    "pairs",
    [
        (
            ("agent", "办理的话请携带本人身份证 还有房产证"),
            ("customer", "合同号我看看 三洞幺七 零二 八八六"),
        ),
        (("agent", "请带好身份证原件到柜台"), ("customer", "好的 我那个 幺二三四五六七 是啥")),
        (
            ("agent", "身份证丢失的话 先去开临时身份证"),
            ("customer", "派出所给了 受理号 是 二零二五幺一零三零零八八"),
        ),
    ],
)
def test_digits_after_the_id_card_named_as_a_document_stay(
    pairs: tuple[tuple[str, str], ...],
) -> None:
    assert _texts(*pairs) == [t for _, t in pairs]


@pytest.mark.parametrize(
    "ask",
    ["您带身份证了吗 报一下号码", "请提供身份证号码", "麻烦说一下身份证号"],
)
def test_a_request_to_read_the_id_out_still_asks(ask: str) -> None:
    texts = _texts(("agent", ask), ("customer", "三七零幺零二 一九七九 零三二四"))
    assert texts[1] == "<CN_ID_CARD>"
