"""An insurance product's name glued to its kind (…终身重疾, …两全保险, …寿险) holds no name,
though its words may be a surname and a given name (康宁, 安顺); a name said before the
product with a pause or 的 is still masked."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _agent(text: str) -> str:
    turns, _ = redact_turns([Turn("customer", "我想查保单"), Turn("agent", text)])
    return turns[1].text


@pytest.mark.parametrize(
    "text",
    [
        "您名下有一份保单（国寿安顺终身重疾），请问要理赔吗",
        "这款 太平福康两全保险 是十年交",
        "查到您买的是 华夏常青年金险",
    ],
)
def test_an_insurance_product_name_stays(text: str) -> None:
    assert _agent(text) == text


@pytest.mark.parametrize(
    "text", ["被保人是 王建国 的 平安福终身寿险", "给王建国买年金险了", "帮王建国投保重疾险"]
)
def test_a_name_before_the_product_is_still_masked(text: str) -> None:
    out = _agent(text)
    assert "王建国" not in out and "险" in out, out
