"""The hand-written evaluation set: parses, is large enough, is not generator output."""

from __future__ import annotations

from collections import Counter

import pytest

from triage.classify.datagen.compose import generate
from triage.classify.datagen.lexicon import EXTRA_SCENARIOS, SCENARIOS
from triage.classify.evaluation import load_blind, load_cases, parse_cases
from triage.schema import INTENTS


@pytest.fixture(scope="module")
def cases():
    return load_cases()


@pytest.fixture(scope="module")
def blind():
    return load_blind()


def test_evaluation_set_has_200_labelled_cases(cases):
    assert len(cases) >= 200
    per = Counter(c.intent for c in cases)
    assert set(per) == set(INTENTS) and min(per.values()) >= 15
    assert Counter(c.severity for c in cases)["P1"] >= 15


def test_evaluation_blind_batch_is_separate_and_labelled(cases, blind):
    assert len(blind) >= 40
    assert not {c.id for c in blind} & {c.id for c in cases}
    assert len({c.intent for c in blind}) == len(INTENTS)
    assert {c.severity for c in blind} == {"P1", "P2", "P3", "P4"}


def test_evaluation_set_is_not_generator_output(cases, blind):
    # No customer turn of the hand-written set or the blind batches is one of the
    # generator's phrases, and none appears in a sample of generated interactions.
    phrases = {p for sc in (*SCENARIOS, *EXTRA_SCENARIOS) for p in (*sc.asks, *sc.details)}
    generated = {t["text"] for r in generate(2000, seed=11) for t in r["turns"]}
    for c in [*cases, *blind]:
        for t in c.turns:
            if t.speaker == "customer" and len(t.text) > 8:
                assert t.text not in phrases, c.id
                assert t.text not in generated, c.id


def test_evaluation_parse_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "cases_bad.txt"
    bad.write_text("=== x1 | call | - | not_a_label | - | P1\nC: 你好\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"cases_bad.txt:1: unknown intent"):
        parse_cases(bad)
    bad.write_text("C: 没有头\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"cases_bad.txt:1"):
        parse_cases(bad)
