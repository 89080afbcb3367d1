"""Character prefilters of regex patterns: sound (never skip a match) and selective."""

from __future__ import annotations

import json
import random
import re

import pytest

from triage.qa.context import fold
from triage.qa.matchers.prefilter import CharFilter, PatternIndex
from triage.qa.matchers.regex import RegexMatcher

from .helpers import RULES_DIR


def _filter(pattern: str) -> CharFilter:
    return CharFilter.of(re.compile(pattern, re.IGNORECASE))


def test_matchers_prefilter_literals_outside_optional_parts_are_required():
    f = _filter(r"(告诉|报)我.{0,6}验证码[吗嘛]?")
    assert f.required == frozenset("我验证码")
    # one character of each alternative (the rarer one, for speed)
    assert f.any_of in ((frozenset("告报"),), (frozenset("诉报"),))
    assert f.may_match(frozenset("请告诉我您的验证码"))
    assert not f.may_match(frozenset("请告诉我您的密码"))
    assert not f.may_match(frozenset("请说一下验证码"))


def test_matchers_prefilter_optional_repeated_and_cased_parts_add_no_condition():
    assert _filter(r"(保本)?收益").required == frozenset("收益")
    assert _filter(r"(保本)+收益").required == frozenset("保本收益")
    # IGNORECASE letters match other cases (and the Kelvin sign): never required
    assert _filter(r"vip客户").required == frozenset("客户")
    assert _filter(r"密码|cvv").empty
    assert _filter(r".{6,}").empty
    assert _filter(r"[\u4e00-\u9fff]{4,}").empty
    assert _filter(r"[^，。]{2}").empty
    assert _filter(r"保本|").empty  # an empty alternative matches anywhere


def test_matchers_prefilter_index_candidates_keep_pattern_order():
    pats = [re.compile(p, re.I) for p in (r"稳赚", r".{3}", r"保本(保息)?", r"零风险")]
    idx = PatternIndex(pats)
    assert idx.candidates(frozenset("保本稳赚")) == [0, 1, 2]
    assert idx.candidates(frozenset("你好")) == [1]


def _pack_patterns(rule_pack) -> list[re.Pattern[str]]:
    pats: list[re.Pattern[str]] = []

    def walk(c):
        if c is None:
            return
        if isinstance(c, RegexMatcher):
            pats.extend(c.patterns)
        for child in getattr(c, "children", None) or ():
            walk(child)
        for attr in ("child", "anchor", "find"):
            if hasattr(c, attr):
                walk(getattr(c, attr))

    for rule in rule_pack:
        for cond in (rule.when, rule.violation, rule.require, rule.red_line_if):
            walk(cond)
    return pats


def _case_texts() -> list[str]:
    texts = []
    for path in sorted(RULES_DIR.glob("*.cases.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts += [t["text"] for t in json.loads(line).get("turns", [])]
    return texts


@pytest.mark.parametrize("seed", [0])
def test_matchers_prefilter_never_skips_a_match_of_the_shipped_patterns(rule_pack, seed):
    pats = _pack_patterns(rule_pack)
    texts = [fold(t) for t in _case_texts()]
    assert len(pats) > 100 and len(texts) > 300
    # and random mixes of case texts (matches across what were two texts)
    rng = random.Random(seed)
    texts += [rng.choice(texts)[-8:] + rng.choice(texts)[:8] for _ in range(300)]
    idx = PatternIndex(pats)
    skipped = 0
    for text in texts:
        cand = set(idx.candidates(frozenset(text)))
        for k, pat in enumerate(pats):
            if k not in cand:
                skipped += 1
                assert not any(m.end() > m.start() for m in pat.finditer(text)), (
                    pat.pattern,
                    text,
                )
    assert skipped > len(texts) * len(pats) // 2  # it does skip most patterns
