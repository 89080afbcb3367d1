"""Reduplicated-period wealth products and licence plates are no names; names beside them are."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _redact(*turns: tuple[str, str]) -> list[str]:
    red, _ = redact_turns([Turn(s, t) for s, t in turns])
    return [t.text for t in red]


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("月月盈 七日年化两点一 起购一百", "月月盈"),
        ("周周宝 这个产品 能随时赎回吗", "周周宝"),
        ("我想买那个年年丰 封闭期多久", "年年丰"),
    ],
)
def test_a_reduplicated_period_product_stays(said: str, kept: str) -> None:
    assert kept in _redact(("agent", said))[0]


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("苏E·5G7H2 许建平", "苏E·5G7H2"),
        ("车牌是粤B 3K9L07 扣了两次", "粤B 3K9L07"),
    ],
)
def test_a_licence_plate_stays(said: str, kept: str) -> None:
    text = _redact(("customer", said))[0]
    assert kept in text, text


def test_a_name_beside_a_plate_still_masked() -> None:
    text = _redact(("customer", "苏E·5G7H2 许建平"))[0]
    assert "建平" not in text and "许" not in text, text


def test_a_name_with_a_doubled_given_name_still_masked() -> None:
    text = _redact(("customer", "我叫王天天 利息怎么算"))[0]
    assert "王" not in text and "天天" not in text, text


@pytest.mark.parametrize(
    "said",
    [
        "对方户名 赵* 账号尾号4471",
        "收款人 欧阳** 是我同事",
        "对方户名 孙 星号 卡号 六二二二 星星星星",  # a masked name read aloud
    ],
)
def test_a_name_shown_masked_stays(said: str) -> None:
    assert _redact(("customer", said))[0] == said


def test_a_name_beside_a_masked_one_still_masked() -> None:
    text = _redact(("customer", "我叫赵丽萍 不是赵**那个吗"))[0]
    assert text == "我叫<PERSON> 不是赵**那个吗", text
