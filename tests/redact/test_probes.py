"""The whole-interaction probe harness (``eval/pii/probes.py``): markup, leak test, a run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _probes():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(REPO))
    try:
        from eval.pii import probes
    finally:
        sys.path.remove(str(REPO))
    return probes


def test_probes_markup_stripped_with_spans() -> None:
    probes = _probes()
    text, spans = probes.strip_markup("卡号[[BANK_CARD:6222 0202]]，{{amount:5000元}}{{95588}}", 2)
    assert text == "卡号6222 0202，5000元95588"
    assert [(s.turn, text[s.start : s.end], s.kind, s.positive) for s in spans] == [
        (2, "6222 0202", "BANK_CARD", True),
        (2, "5000元", "amount", False),
        (2, "95588", "neg", False),
    ]


def test_probes_leak_and_over_mask_judged_from_output_text() -> None:
    probes = _probes()
    text, spans = probes.strip_markup(
        "手机[[PHONE_NUMBER:幺三八 一二三四 五六七八]]，还{{amount:五千元}}", 0
    )
    phone, amount = spans
    whole = probes.kept(text, "手机<PHONE_NUMBER>，还五千元")
    assert not probes.judge(phone, text, whole) and not probes.judge(amount, text, whole)
    one_left = probes.kept(text, "手机<PHONE_NUMBER>八，还五千元")  # one digit still readable
    assert probes.judge(phone, text, one_left)
    over = probes.kept(text, "手机<PHONE_NUMBER>，还<BANK_CARD>元")
    assert probes.judge(amount, text, over)



def test_probes_letters_of_a_tag_are_not_the_original_letters() -> None:
    probes = _probes()
    text, (addr,) = probes.strip_markup("地址：[[ADDRESS:阳光100小区A座1808室]]", 0)
    assert not probes.judge(addr, text, probes.kept(text, "地址：<ADDRESS>"))
    # a letter outside the tag is still readable
    assert probes.judge(addr, text, probes.kept(text, "地址：<ADDRESS>A座"))


@pytest.mark.slow
def test_probes_dev_interactions_no_leak_batch_and_live(default_pipeline) -> None:
    probes = _probes()
    fig = probes.score_probes(["dev7"], limit=6, pipeline=default_pipeline)["dev7"]
    assert fig["interactions"] == 6 and sum(fig["values"].values()) >= 15
    for path in probes.PATHS:
        assert fig["inter_any"][path] == [], path
        assert fig["over"][path] == {}, path
        assert fig["errors"][path] == 0, path
