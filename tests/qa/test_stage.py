"""QAStage: reads redacted turns, entities and metadata; assigns doc.qa."""

from __future__ import annotations

import pytest

from triage.config import load_pipeline_config
from triage.errors import ConfigError
from triage.qa.stage import QAStage
from triage.schema import Entity, Intent, Interaction, QAResult, Severity, Turn
from triage.stage import Doc


def _doc(turns, **extra):
    d = Doc(Interaction("r1", "call", tuple(turns), extra))
    d.redacted = tuple(turns)
    d.entities = ()
    d.intent = Intent("complaint", 0.9)
    d.severity = Severity("P2")
    return d


def test_stage_assigns_qa_and_uses_entities():
    stage = QAStage(config=load_pipeline_config(), rules="qa_rules", pass_mark=80)
    stage.setup()
    turns = [
        Turn("agent", "您好，XX银行客服中心，工号1023。", 0.0, 2.0),
        Turn("customer", "帮我看看卡号对不对。", 2.5, 4.0),
        Turn("agent", "您的卡号是6222 **** 1234对吧？", 4.5, 6.0),
    ]
    doc = _doc(turns)
    doc.entities = (Entity(2, 5, 24, "BANK_CARD", 0.99),)
    stage.process(doc)
    assert isinstance(doc.qa, QAResult)
    c06 = next(c for c in doc.qa.checks if c.rule == "C06")
    assert not c06.passed and c06.red_line and c06.name == "索要敏感信息"
    assert doc.qa.red_line and not doc.qa.passed


def test_stage_intent_from_classifier_scopes_rules():
    stage = QAStage(config=load_pipeline_config())
    stage.setup()
    doc = _doc(
        [Turn("customer", "你们那个经理当时说的根本不是这样。"), Turn("agent", "那您签合同了吗？")]
    )
    stage.process(doc)
    c07 = next(c for c in doc.qa.checks if c.rule == "C07")
    assert not c07.passed  # intent complaint makes C07 apply


@pytest.mark.parametrize("settings", [{"pass_mark": 120}, {"pass_mark": "80"}, {"colour": 1}])
def test_stage_rejects_bad_settings(settings):
    with pytest.raises(ConfigError):
        QAStage(config=load_pipeline_config(), **settings)


def test_stage_missing_rule_dir_fails_at_setup():
    stage = QAStage(config=load_pipeline_config(), rules="no_such_rules")
    with pytest.raises(ConfigError):
        stage.setup()
