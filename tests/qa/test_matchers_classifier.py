"""The learned-classifier matcher on a tiny hand-made model."""

from __future__ import annotations

import json

import pytest

from triage.errors import ConfigError
from triage.qa.matchers import Where, build_condition
from triage.qa.matchers.classifier import LinearNgramModel, clauses

from .helpers import make_ctx

W = Where("t.yaml", "T01", "violation")


@pytest.fixture()
def model_path(tmp_path):
    path = tmp_path / "m.json"
    model = LinearNgramModel(1, 2, -3.0, {"没用": 5.0, "帮您": -4.0})
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    return str(path)


def test_matchers_classifier_scores_clauses_of_the_speaker(model_path):
    raw = {"classifier": {"speaker": "agent", "model": model_path, "threshold": 0.5}}
    cond = build_condition(raw, W)
    ctx = make_ctx(("customer", "说了也没用"), ("agent", "好的，您问我也没用"))
    m = cond.evaluate(ctx)
    assert m.matched
    assert [(h.turn, ctx.turns[h.turn].text[h.start : h.end]) for h in m.hits] == [
        (1, "您问我也没用")
    ]
    assert not cond.evaluate(make_ctx(("agent", "没用的话我帮您再查"))).matched


def test_matchers_classifier_pairs_adjacent_clauses(model_path):
    # Neither clause reaches the threshold alone; together they do.
    model = LinearNgramModel(1, 1, -2.0, {"甲": 1.5, "乙": 1.5})
    path = model_path.replace("m.json", "p.json")
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(model.to_json(), fh)
    cond = build_condition({"classifier": {"model": path, "threshold": 0.7}}, W)
    assert cond.evaluate(make_ctx(("agent", "甲 乙"))).matched
    assert not cond.evaluate(make_ctx(("agent", "甲"), ("agent", "乙"))).matched


def test_matchers_classifier_hit_filters_apply(model_path):
    raw = {
        "classifier": {
            "model": model_path,
            "threshold": 0.5,
            "exclude_clause": "您是说",
        }
    }
    assert not build_condition(raw, W).evaluate(make_ctx(("agent", "您是说打电话也没用"))).matched


def test_matchers_classifier_bad_fields_name_the_field(tmp_path, model_path):
    with pytest.raises(ConfigError, match="model"):
        build_condition({"classifier": {"model": "nope/x.json", "threshold": 0.5}}, W)
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a classifier model"):
        build_condition({"classifier": {"model": str(bad), "threshold": 0.5}}, W)
    with pytest.raises(ConfigError, match="threshold"):
        build_condition({"classifier": {"model": model_path, "threshold": 2}}, W)


def test_matchers_classifier_clauses_split_asr_spaces():
    text = "这个 我也没办法，您看 吧"
    assert [text[s:e] for s, e in clauses(text)] == ["这个", "我也没办法", "您看", "吧"]


def test_matchers_classifier_pairs_can_be_turned_off(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(LinearNgramModel(1, 1, -2.0, {"甲": 1.5, "乙": 1.5}).to_json()))
    raw = {"classifier": {"model": str(path), "threshold": 0.7, "pairs": False}}
    assert not build_condition(raw, W).evaluate(make_ctx(("agent", "甲 乙"))).matched


def test_matchers_classifier_pairs_only_for_short_fragments(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(LinearNgramModel(1, 1, -2.0, {"甲": 1.5, "乙": 1.5}).to_json()))
    raw = {"classifier": {"model": str(path), "threshold": 0.7, "pair_max_chars": 6}}
    cond = build_condition(raw, W)
    assert cond.evaluate(make_ctx(("agent", "甲 乙"))).matched
    assert not cond.evaluate(make_ctx(("agent", "甲呢呢呢，乙呢呢呢"))).matched


def test_matchers_classifier_memo_gives_the_same_hits(model_path):
    raw = {"classifier": {"speaker": "agent", "model": model_path, "threshold": 0.5}}
    cond = build_condition(raw, W)
    rows = (("customer", "怎么还没好"), ("agent", "好的，您问我也没用"), ("agent", "我帮您查"))
    plain = cond.evaluate(make_ctx(*rows)).hits
    ctx = make_ctx(*rows)
    ctx.memo = {}
    assert cond.evaluate(ctx).hits == plain
    assert cond.evaluate(ctx).hits == plain and len(ctx.memo) == 2


def test_matchers_classifier_bank_sums_equal_each_model_exactly():
    import random

    from triage.qa.matchers.classifier import NgramBank

    rng = random.Random(3)
    vocab = [a + b for a in "^您好我的是不$" for b in ["", "好", "的", "是"]]
    models = [
        LinearNgramModel(
            1, 3, rng.uniform(-2, 2), {g: rng.uniform(-3, 3) for g in rng.sample(vocab, 15)}
        )
        for _ in range(3)
    ]
    bank = NgramBank(models)
    for _ in range(300):
        text = "".join(rng.choice("您好我的是不，") for _ in range(rng.randint(1, 14)))
        grams = models[0].grams(text)
        sums = bank.sums(grams)
        for j, m in enumerate(models):
            assert m.probability(sums[j]) == m.score_grams(grams)  # the same float


def test_matchers_classifier_grams_are_every_substring_of_the_framed_text():
    m = LinearNgramModel(2, 3, 0.0, {})
    assert m.grams("好 的") == {"^好", "好的", "的$", "^好的", "好的$"}


def test_matchers_classifier_pack_models_share_a_bank(rule_pack):
    from triage.qa.engine import QAEngine
    from triage.qa.matchers.classifier import ClassifierMatcher, _walk

    QAEngine(rule_pack)
    found = [
        c
        for r in rule_pack
        for top in (r.when, r.violation, r.require, r.red_line_if)
        for c in _walk(top)
        if isinstance(c, ClassifierMatcher)
    ]
    assert len({id(c.model) for c in found}) >= 2
    assert all(c.shared is not None for c in found)
    assert len({id(c.shared[0]) for c in found}) == 1


@pytest.mark.parametrize(("lo", "hi"), [(1, 3), (1, 2), (2, 3), (1, 1), (3, 3), (1, 4)])
def test_matchers_classifier_bank_sums_many_read_the_same_ngrams(lo, hi):
    # the batch path's look-ups (all texts at once, no frozenset): the same n-grams and weights
    # as sums(); the sum order may differ, so the floats agree to the last bits only
    import random

    import numpy as np

    from triage.qa.matchers.classifier import NgramBank

    rng = random.Random(lo * 10 + hi)
    chars = "^您好我的是不$"
    vocab = sorted(
        {"".join(rng.choice(chars) for _ in range(rng.randint(1, 4))) for _ in range(200)}
    )
    models = [
        LinearNgramModel(lo, hi, 0.5, {g: rng.uniform(-3, 3) for g in rng.sample(vocab, 40)})
        for _ in range(3)
    ]
    bank = NgramBank(models)
    texts = ["", " ", "好 的", "\x00好的", "x好的y", "好\ud800的", "您好，我是", "^$"]
    texts += [
        "".join(rng.choice("您好我的是不，x $") for _ in range(rng.randint(0, 20)))
        for _ in range(300)
    ]
    got = bank.sums_many(texts)
    assert got.shape == (len(texts), 3)
    for text, row in zip(texts, got, strict=True):
        want = bank.sums(models[0].grams(text))
        assert np.allclose(row, want, rtol=0.0, atol=1e-9), text
    assert bank.sums_many([]).shape == (0, 3)


def test_matchers_classifier_batch_fill_finds_what_the_lazy_path_finds(rule_pack):
    # batch (no memo): each bank scores every clause of the interaction at once (fill);
    # live hook (memo): clause by clause; the same hits for every classifier matcher
    from triage.qa.engine import QAEngine
    from triage.qa.matchers.classifier import ClassifierMatcher, _walk

    QAEngine(rule_pack)
    rows = (
        ("agent", "您好，很高兴为您服务，请问有什么可以帮您"),
        ("customer", "我的信用卡 被盗刷了 怎么办"),
        ("agent", "您别着急 我这边先帮您冻结 这个产品保本保收益 稳赚不赔的"),
        ("agent", "您问我也没用，这不归我管，您自己去网点问吧"),
        ("customer", "那你们能不能快点处理"),
        ("agent", "好的 请您稍等 不要挂机，感谢您的耐心等待，还有其他问题吗"),
        ("agent", "这个理财 年化收益 百分之八 绝对没有风险 您放心买"),
        ("agent", "感谢来电，再见"),
    )
    found = [
        c
        for r in rule_pack
        for top in (r.when, r.violation, r.require, r.red_line_if)
        for c in _walk(top)
        if isinstance(c, ClassifierMatcher)
    ]
    batch = make_ctx(*rows)
    live = make_ctx(*rows)
    live.memo = {}
    hits = [c.evaluate(batch).hits for c in found]
    assert any(h for h in hits)
    assert hits == [c.evaluate(live).hits for c in found]
    bank = found[0].shared[0]
    assert (bank, None) in batch.scratch and (bank, None) not in live.scratch
