"""Word-segmented ASR turns: joined for the rules, evidence mapped back to the turn as given."""

from __future__ import annotations

import pytest

from triage.qa.engine import QAEngine
from triage.spacing import compact, original_span, word_segmented

from .helpers import make_ctx

WORDS = "请问 还有 其他 可以 帮 您 的 吗 ？"
PAUSES = "您好 嘉禾银行信用卡中心 工号4415 很高兴为您服务"


@pytest.mark.parametrize(
    "text",
    [
        WORDS,
        "感谢 您 的 来电 再见",
        "这个 不 归 我 管 ， 你 自己 去 查",
        "对 对 对",
        # a long spoken number is one token: it does not make the words look like phrases
        "我住 北京 朝阳 望京 西园 三区 三百一十二号楼 二单元 一零零三",
    ],
)
def test_spacing_word_segmented_turns_are_recognised(text):
    assert word_segmented(text)


@pytest.mark.parametrize(
    "text",
    [
        PAUSES,  # spaces as pauses between phrases: clause breaks the rules read
        "系统自动报的 谁来了都一样 还有其他问题吗 谢谢",
        "甲 乙",  # two tokens: ambiguous, left alone
        "请问还有其他可以帮您的吗？",
        "6222 0202 1234 5678",
        "六二一七 零零八九 八四七零 八零七三",  # numbers only: nothing to join
        "",
    ],
)
def test_spacing_running_text_and_pauses_are_left_alone(text):
    assert not word_segmented(text)
    assert compact(text) is None


def test_spacing_compact_joins_words_and_keeps_latin_and_digit_groups():
    text = "我 的 卡号 是 6222 0202 ， 绑 在 apple pay 上"
    joined, index = compact(text)
    assert joined == "我的卡号是6222 0202，绑在apple pay上"
    assert len(index) == len(joined)
    assert all(text[i] == c for i, c in zip(index, joined, strict=True))


def test_spacing_original_span_covers_the_same_words():
    joined, index = compact(WORDS)
    s = joined.index("还有其他")
    a, b = original_span(index, s, s + 4)
    assert WORDS[a:b] == "还有 其他"
    assert original_span(index, len(joined), len(joined)) == (len(WORDS), len(WORDS))


def _failed(ctx, rule_pack):
    return {c.rule: c for c in QAEngine(rule_pack).evaluate(ctx).checks if not c.passed}


def test_spacing_closing_on_word_segmented_call_passes_c10(rule_pack):
    rows = [
        ("agent", "您好 ， 瑞丰 银行 客服 中心 ， 工号 3021 ， 很 高兴 为 您 服务"),
        ("customer", "我 想 问 一下 信用卡 的 还款日 是 哪 天"),
        ("agent", "每月 八号 是 您 的 还款日"),
        ("agent", "请问 还有 其他 可以 帮 您 的 吗"),
        ("customer", "没 了"),
        ("agent", "感谢 您 的 来电 ， 再见"),
    ]
    assert "C10" not in _failed(make_ctx(*rows), rule_pack)
    assert "C10" in _failed(make_ctx(*rows, join_words=False), rule_pack)  # what joining fixes


def test_spacing_violation_evidence_points_into_the_turn_as_given(rule_pack):
    turn = "这个 不 归 我 管 ， 你 自己 去 网点 问"
    ctx = make_ctx(
        ("agent", "您好 ， 瑞丰 银行 ， 工号 3021"),
        ("customer", "我 的 年费 为什么 还 没 退"),
        ("agent", turn),
    )
    check = _failed(ctx, rule_pack)["C05"]
    spans = [e for e in check.evidence if e.turn == 2]
    assert spans
    for e in spans:
        said = turn[e.start : e.end]
        assert said.replace(" ", "") in ctx.turns[2].text  # same words, spaces as given
        assert not said.startswith(" ") and not said.endswith(" ")
    assert any("不 归 我 管" in turn[e.start : e.end] for e in spans)
