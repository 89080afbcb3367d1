"""Rule file loading and validation."""

from __future__ import annotations

import pytest

from triage.errors import ConfigError
from triage.qa.rules import load_rules

GOOD = """
id: X01
name: 测试
description: 测试规则
dimension: 服务规范
severity: 轻度
weight: 5
require:
  keywords: {speaker: agent, any: [您好]}
expected: 应问候
"""


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_rules_load_good_file(tmp_path):
    (rule,) = load_rules(_write(tmp_path, "X01.yaml", GOOD))
    assert (
        rule.id == "X01" and rule.require is not None and rule.cases_path.name == "X01.cases.jsonl"
    )


@pytest.mark.parametrize(
    "change,field",
    [
        (("dimension: 服务规范", "dimension: 规范"), "dimension"),
        (("severity: 轻度", "severity: 很重"), "severity"),
        (("weight: 5", "weight: 500"), "weight"),
        (("weight: 5", "weight: five"), "weight"),
        (("expected: 应问候", ""), "expected"),
        (("require:", "violation: {keywords: {any: [x]}}\nrequire:"), "violation"),
        (("any: [您好]", "any: [您好], window: {first: 0}"), "require.keywords.window.first"),
        (("name: 测试", "name: 测试\ncolour: red"), "colour"),
    ],
)
def test_rules_validation_errors_name_file_rule_field(tmp_path, change, field):
    p = _write(tmp_path, "X01.yaml", GOOD.replace(*change))
    with pytest.raises(ConfigError) as err:
        load_rules(p)
    msg = str(err.value)
    assert msg.startswith("X01.yaml: rule X01: ") and f"field '{field}'" in msg, msg


def test_rules_id_must_match_file_name(tmp_path):
    with pytest.raises(ConfigError, match="X02.yaml: rule X01: field 'id'"):
        load_rules(_write(tmp_path, "X02.yaml", GOOD))


def test_rules_directory_loads_sorted(tmp_path):
    _write(tmp_path, "X02.yaml", GOOD.replace("X01", "X02"))
    _write(tmp_path, "X01.yaml", GOOD)
    assert [r.id for r in load_rules(tmp_path)] == ["X01", "X02"]
