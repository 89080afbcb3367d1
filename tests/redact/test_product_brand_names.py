"""Product and brand words no name reading keeps: reduplicated-period wealth products with any
gain or luck word (月月升), two such words before a noun (福享一生), an allowed bank's name before
the next word (浦发|信用卡), a brand's model glued to it (华为P70)."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _redact(*turns: tuple[str, str]) -> list[str]:
    red, _ = redact_turns([Turn(s, t) for s, t in turns])
    return [t.text for t in red]


@pytest.mark.parametrize("said", ["那个 年年红 还能买吗", "月月升 起购多少", "天天发 是活期的吗"])
def test_a_reduplicated_period_product_stays(said: str) -> None:
    assert _redact(("customer", said))[0] == said


def test_a_name_with_a_doubled_given_name_before_such_a_word_is_masked() -> None:
    text = _redact(("customer", "我叫李月月 红色那张卡"))[0]
    assert "李" not in text and "月月" not in text, text


@pytest.mark.parametrize("said", ["产品叫 福享一生 交了三万", "保险叫 鑫福一生 交了两年"])
def test_gain_and_luck_words_before_a_noun_are_a_product(said: str) -> None:
    assert _redact(("customer", said))[0] == said


@pytest.mark.parametrize("said", ["浦发信用卡 额度", "您好 光大信用卡中心"])
def test_an_allowed_bank_name_before_the_next_word_stays(said: str) -> None:
    assert _redact(("agent", said))[0] == said


@pytest.mark.parametrize("said", ["我用的是荣耀Magic6", "新买的华为P70 登不上"])
def test_a_brand_before_its_model_stays(said: str) -> None:
    assert _redact(("customer", said))[0] == said


def test_a_name_before_a_spaced_code_is_still_masked() -> None:
    text = _redact(("customer", "我叫张丽娟 VIP3 客户"))[0]
    assert text == "我叫<PERSON> VIP3 客户", text
