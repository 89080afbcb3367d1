"""Generators of the compliance rules' clause classifiers (C04, C06, C13) and their models."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from triage.qa.context import fold
from triage.qa.gen import c04, c06, c13
from triage.qa.matchers.classifier import LinearNgramModel

REPO = Path(__file__).resolve().parents[2]
GENS = {"C04": c04, "C06": c06, "C13": c13}


@pytest.mark.parametrize("rule", sorted(GENS))
def test_gen_compliance_is_seeded_and_labelled_both_ways(rule):
    gen = GENS[rule]
    a = gen.generate(random.Random(3), 400, ["好的 我帮您查一下"])
    assert a == gen.generate(random.Random(3), 400, ["好的 我帮您查一下"])
    texts, labels = a
    assert 0.2 < sum(labels) / len(labels) < 0.5
    # every slot and {a|b} group was expanded
    assert not [t for t in texts if re.search(r"[{}|]|[A-Z]{3,}", t)]


def test_gen_c04_negated_and_refused_guarantees_are_negatives():
    rng = random.Random(7)
    for pool in (c04.NEGATED, c04.RESTATE, c04.SERVICE_ASSURE, c04.DEPOSIT_FACT):
        for tmpl in pool:
            text = c04.fill(tmpl, rng)
            assert text and "{" not in text


@pytest.mark.parametrize(
    ("rule", "threshold", "text", "fires"),
    [
        # guarantees in words none of the rule's lists contain
        ("C04", 0.8, "这款您放心 本钱到时候一分不差全回到您卡里", True),
        ("C04", 0.8, "真要跌了也有我们行托着 您就安心拿利息", True),
        ("C04", 0.8, "这款不保本 到期可能拿不回全部本金", False),
        ("C04", 0.8, "多扣的那笔年费会一分不少退回您卡上", False),
        ("C04", 0.8, "您是担心本金能不能拿回来对吧", False),
        # a request for a secret named by its shape
        ("C06", 0.9, "您把手机上刚收到的那串数字念给我听一下", True),
        ("C06", 0.9, "请您在手机上自己输入验证码就行 不用告诉我", False),
        ("C06", 0.9, "请报一下身份证号的后四位", False),
        # an offer
        ("C13", 0.9, "对了我们行这个月新上了一款年金险 您要不要了解一下", True),
        ("C13", 0.9, "我给您登记了退费申请 三个工作日内退回", False),
    ],
)
def test_gen_compliance_committed_models_on_unseen_clauses(rule, threshold, text, fires):
    with open(REPO / "models" / "qa-norms" / f"{rule}.json", encoding="utf-8") as fh:
        model = LinearNgramModel.from_json(json.load(fh))
    assert (model.score(fold(text)) >= threshold) is fires


@pytest.mark.parametrize("rule", sorted(GENS))
def test_gen_compliance_every_template_expands(rule):
    gen = GENS[rule]
    pools = [v for k, v in vars(gen).items() if k.isupper() and isinstance(v, tuple)]
    rng = random.Random(0)
    for pool in pools:
        for tmpl in pool:
            for _ in range(5):
                text = gen.fill(tmpl, rng)
                assert not re.search(r"[{}|]|[A-Z]{3,}", text), (tmpl, text)
