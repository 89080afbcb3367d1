"""The QA clause-classifier generator and trainer on a small run."""

from __future__ import annotations

import random

import pytest

from triage.qa.context import fold
from triage.qa.gen import c05
from triage.qa.gen.common import expand
from triage.qa.train_ngram import OUT, evaluate, fit, main


def test_gen_expand_resolves_nested_groups():
    rng = random.Random(1)
    outs = {expand("{a{b|c}|d}x", rng) for _ in range(200)}
    assert outs == {"abx", "acx", "dx"}


def test_gen_c05_is_seeded_and_labelled_both_ways():
    a = c05.generate(random.Random(3), 300)
    b = c05.generate(random.Random(3), 300)
    assert a == b
    texts, labels = a
    assert 60 < sum(labels) < 160
    assert all("{" not in t and "|" not in t for t in texts)


def test_train_ngram_small_model_separates_held_out_generated_clauses():
    texts, labels = c05.generate(random.Random(5), 4000)
    model = fit(texts, labels)
    vt, vy = c05.generate(random.Random(6), 600)
    got = evaluate(model, vt, vy)["0.5"]
    assert got["recall"] > 0.8 and got["fp_rate"] < 0.05
    assert model.score(fold("非常抱歉让您久等了，我马上帮您查一下")) < 0.5


def test_gen_c02_neutral_pool_drops_account_like_clauses():
    from triage.qa.gen import c02

    pool = ["好的请稍等", "您的卡已经冻结了", "查到一笔三百块的扣款"]
    texts, labels = c02.generate(random.Random(4), 400, pool)
    negatives = [t for t, y in zip(texts, labels, strict=True) if not y]
    assert not any("冻结了" in t and "您的卡" in t for t in negatives)


@pytest.mark.slow
def test_committed_clause_models_are_reproduced_byte_for_byte(tmp_path):
    # The committed models are what the training command writes: generators, seed and the
    # frozen neutral agent lines (models/qa-norms/agent_lines.txt) fix them completely.
    rules = ["C02", "C04", "C05", "C06", "C13"]
    assert main([*rules, "--out", str(tmp_path)]) == 0
    for rule in rules:
        for name in (f"{rule}.json", f"{rule}.meta.json"):
            assert (tmp_path / name).read_bytes() == (OUT / name).read_bytes(), name
