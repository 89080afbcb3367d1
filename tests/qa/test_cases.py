"""Every shipped rule passes its own must-fire / must-not-fire cases."""

from __future__ import annotations

import pytest

from triage.qa.cases import load_cases, run_cases
from triage.qa.rules import load_rules

from .helpers import RULES_DIR

RULE_FILES = sorted(RULES_DIR.glob("*.yaml"))


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.stem for p in RULE_FILES])
def test_cases_every_rule_agrees_with_its_cases(path):
    (rule,) = load_rules(path)
    cases = load_cases(rule.cases_path)
    assert sum(c.expect == "fire" for c in cases) >= 3, "at least 3 must-fire cases"
    assert sum(c.expect == "no_fire" for c in cases) >= 3, "at least 3 must-not-fire cases"
    wrong = [
        f"line {r.case.line} {r.case.name}: expected {r.case.expect}, fired={r.fired}"
        for r in run_cases(rule, cases)
        if not r.ok
    ]
    assert not wrong, "\n".join(wrong)


def test_cases_pack_covers_spec_rules(rule_pack):
    ids = [r.id for r in rule_pack]
    assert ids == [f"C{i:02d}" for i in range(1, 14)]
    by_id = {r.id: r for r in rule_pack}
    assert by_id["C04"].red_line and by_id["C06"].red_line
    assert not any(by_id[i].red_line for i in ids if i not in ("C04", "C06"))
    spec_weights = {
        "C01": 5,
        "C02": 15,
        "C03": 15,
        "C05": 10,
        "C07": 5,
        "C08": 10,
        "C09": 5,
        "C10": 5,
        "C11": 10,
        "C12": 5,
        "C13": 10,
    }
    assert {k: by_id[k].weight for k in spec_weights} == spec_weights
    assert {r.dimension for r in rule_pack} == {"服务规范", "服务态度", "业务合规", "服务时效"}


def test_cases_customer_saying_bu_zhidao_is_not_c05(rule_pack):
    cases = load_cases(RULES_DIR / "C05.cases.jsonl")
    customer = [
        c for c in cases if any(t.speaker == "customer" and "不知道" in t.text for t in c.turns)
    ]
    assert customer and all(c.expect == "no_fire" for c in customer)
