"""Stretches of speech: how far an exclusion or a negator reaches in an ASR turn."""

from __future__ import annotations

import re

import pytest

from triage.qa.negation import is_denied_or_reported, is_negated
from triage.qa.scope import breaks, excluded, scope_at


@pytest.mark.parametrize(
    "text,word,stretch",
    [
        # a connective opens a new stretch, spaced or glued
        ("保本的我们这边没有 不过这款稳赚", "稳赚", "不过这款稳赚"),
        ("保本的我们这边没有但是这款稳赚", "稳赚", "但是这款稳赚"),
        ("验证码千万不要告诉别人 然后您把验证码报给我", "报给我", "然后您把验证码报给我"),
        # a question handed back ends its stretch
        ("您问保本吗 这款肯定稳赚", "稳赚", "这款肯定稳赚"),
        ("您是想问这款是不是保本的 对吧 这款不保本", "不保本", "这款不保本"),
        # a new topic after a pause (理财的话 …, 至于 …)
        (
            "大额存单是存款 保本保息 理财的话收益高一点 也不用担心亏",
            "不用担心亏",
            "理财的话收益高一点 也不用担心亏",
        ),
        ("存款是保本的 至于这款 肯定赚", "肯定赚", "至于这款 肯定赚"),
        # a single pause or comma does not: 当初…跟您说 still reports what follows
        ("当初理财经理跟您说 这款保本", "保本", "当初理财经理跟您说 这款保本"),
        ("当初理财经理跟您说，这款保本", "保本", "当初理财经理跟您说，这款保本"),
        # 可是 / 不过 only after a pause; 这可是 is emphasis, 不过期 a verb
        ("这款可是保本的", "保本", "这款可是保本的"),
        ("这张卡不过期的 放心用", "放心", "这张卡不过期的 放心用"),
        # 什么 / 怎么 end no question
        ("您看什么时候方便 我给您打过去", "打过去", "您看什么时候方便 我给您打过去"),
        # a warning closed by its dismissal ends its stretch when more speech follows
        ("骗子叫您报密码的别理 您把密码报给我", "报给我", "您把密码报给我"),
        ("陌生电话不用信他们 您的密码是多少", "密码是", "您的密码是多少"),
        ("我们不会问这些的 您把动态码念一下", "念一下", "您把动态码念一下"),
        # 理财 / 信用卡 after 不要 / 不用 close no warning
        ("您不要理财了 这款保本", "保本", "您不要理财了 这款保本"),
        ("您不用信用卡 这款保本", "保本", "您不用信用卡 这款保本"),
        # sentences still end at 。！？
        ("这款不保本。稳赚是不可能的", "稳赚", "稳赚是不可能的"),
    ],
)
def test_scope_stretch_of_hit(text, word, stretch):
    s, e = scope_at(text, text.index(word))
    assert text[s:e] == stretch


def test_scope_breaks_ignore_turn_edges():
    assert breaks("但是这款稳赚") == ()
    assert breaks("好吗") == ()
    assert breaks("有人让您报验证码的都别理") == ()


@pytest.mark.parametrize(
    "text,word,pattern,hit",
    [
        # an exclusion in another stretch clears nothing
        ("保本的我们这边没有 不过这款稳赚", "稳赚", r"保本(的)?(我们)?(这边)?没有", False),
        ("您问保本吗 这款肯定稳赚", "稳赚", r"保本.{0,4}吗", False),
        # one in the hit's stretch still clears it
        ("保本的我们这边没有 这款不保本", "不保本", r"保本(的)?(我们)?(这边)?没有", True),
        # one that runs over the break into the hit's stretch counts (a trade-off)
        ("利息是少一点 但是稳当", "稳当", r"少一点[，\s]*(但是?|不过)[^，。！？]{0,2}稳", True),
    ],
)
def test_scope_excluded_overlaps_stretch(text, word, pattern, hit):
    start = text.index(word)
    assert excluded(re.compile(pattern), text, start, start + len(word)) is hit


@pytest.mark.parametrize(
    "text,word,negated",
    [
        ("这款不保本但是稳赚", "稳赚", False),  # the negator is in the earlier stretch
        ("这个不保本但是没有风险", "没有风险", False),
        ("这款产品不保本", "保本", True),
    ],
)
def test_scope_negation_stays_in_stretch(text, word, negated):
    assert is_negated(text, text.index(word)) is negated


def test_scope_denial_stays_in_stretch():
    text = "没有哪款保本的但是这款稳赚"
    assert not is_denied_or_reported(text, text.index("稳赚"))
    text = "没有哪款是稳赚的"
    assert is_denied_or_reported(text, text.index("稳赚"))
