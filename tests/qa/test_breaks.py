"""Clause breaks in unpunctuated ASR turns: added for the rules, mapped back for evidence."""

from __future__ import annotations

import pytest

from triage.qa.breaks import with_breaks
from triage.qa.engine import QAEngine

from .helpers import make_ctx

RUN = "您是说手机银行登不上了对吧我这边帮您看一下您把收到的验证码告诉我"


def test_breaks_go_where_a_clause_ends_and_map_back():
    text, index = with_breaks(RUN)
    assert text == "您是说手机银行登不上了对吧，我这边帮您看一下，您把收到的验证码告诉我"
    assert len(index) == len(text)
    assert all(RUN[i] == c for i, c in zip(index, text, strict=True) if c != "，")


def test_breaks_keep_a_negator_with_the_words_it_negates():
    # a comma inside 不建议您 would hide the 不 from the clause the rules read
    text, _ = with_breaks("好的大爷这个钱要是养老用的我不建议您买这种高风险的")
    assert text == "好的，大爷这个钱要是养老用的我不建议您买这种高风险的"


@pytest.mark.parametrize(
    "text",
    [
        "您是说手机银行登不上了对吧，我这边帮您看一下",  # punctuated: read as given
        "您是说手机银行登不上了对吧 我这边帮您看一下",  # a pause written as a space
        "好的请问还有吗",  # short
        "这个月的账单金额一共是三千二百四十五块",  # no likely clause end
    ],
)
def test_breaks_leave_marked_short_and_plain_turns(text):
    assert with_breaks(text) is None


def test_breaks_let_a_red_line_after_a_clause_bound_exclusion_count(rule_pack):
    # C06's 您是说 exclusion covers its own clause; unbroken, the whole turn is one clause
    rows = [("customer", "手机银行登不上了怎么回事"), ("agent", RUN)]
    engine = QAEngine(rule_pack)
    failed = {c.rule: c for c in engine.evaluate(make_ctx(*rows)).checks if not c.passed}
    assert "C06" in failed and failed["C06"].red_line
    for e in failed["C06"].evidence:
        assert 0 <= e.start < e.end <= len(RUN)  # offsets into the turn as given
    # read as given the turn is one clause, but the question 对吧 ends the exclusion's
    # stretch of speech (triage.qa.scope), so the request after it still counts
    plain = make_ctx(*rows, clause_breaks=False)
    assert "C06" in {c.rule for c in engine.evaluate(plain).checks if not c.passed}
