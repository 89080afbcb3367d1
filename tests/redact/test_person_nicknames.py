"""Nicknames after a workplace role, organisations after a party cue, product names."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _redact(*turns: tuple[str, str]) -> list[str]:
    red, _ = redact_turns([Turn(s, t) for s, t in turns])
    return [t.text for t in red]


@pytest.mark.parametrize(
    ("said", "nick"),
    [
        ("我让会计老赵再核对一下", "老赵"),
        ("这事是我们出纳小孙经手的", "小孙"),
        ("财务老周说已经付过了", "老周"),
        ("我让司机小马去取一下", "小马"),
    ],
)
def test_nickname_after_a_workplace_role(said: str, nick: str) -> None:
    text = _redact(("customer", said))[0]
    assert nick not in text and nick[1] not in text, text


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("我们员工小时工资是多少", "小时"),
        ("我们员工小额贷款怎么申请", "小额"),
    ],
)
def test_everyday_words_after_a_role_stay(said: str, kept: str) -> None:
    assert kept in _redact(("customer", said))[0]


@pytest.mark.parametrize(
    "said",
    [
        "收款户名是杭州市恒盛电子科技有限公司",
        "户名是温州市瓯海区顺达五金厂",
        "持卡人是上海安和贸易商行",
    ],
)
def test_a_company_after_a_party_cue_is_no_name(said: str) -> None:
    assert "<PERSON>" not in _redact(("agent", said))[0]


def test_a_person_after_a_party_cue_still_masked() -> None:
    assert _redact(("agent", "收款户名是钱国庆 对吗"))[0] == "收款户名是<PERSON> 对吗"


@pytest.mark.parametrize("said", ["你们那个朝朝宝收益怎么样", "我用花呗还的"])
def test_a_product_name_is_no_name_whatever_the_rule(said: str) -> None:
    assert _redact(("customer", said))[0] == said
