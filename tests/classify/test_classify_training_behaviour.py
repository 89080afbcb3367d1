"""What the retrained committed models and severity signals must get right together.

Sentences here are written for these tests (not from the evaluation sets): fee
complaints are complaints at P2 (never the fraud hotline's P1), an old theft
chased again is a P2 follow-up, and information requests stay P4.
"""

from __future__ import annotations

import pytest

from triage.classify.severity import SeverityStage
from triage.classify.stage import IntentStage
from triage.config import MODELS_DIR, PIPELINES_DIR
from triage.schema import Interaction, Turn
from triage.stage import Doc


@pytest.fixture(scope="module")
def stages() -> tuple[IntentStage, SeverityStage]:
    intent = IntentStage(model=str(MODELS_DIR / "intent-sklearn"))
    severity = SeverityStage(signals=str(PIPELINES_DIR / "severity.yaml"))
    intent.setup()
    severity.setup()
    return intent, severity


def _run(stages, *customer: str, channel: str = "chat") -> Doc:
    turns = tuple(Turn("customer", t) for t in customer)
    doc = Doc(Interaction("b-1", channel, turns, {}), entities=(), redacted=turns)
    stages[0].process_batch([doc])
    stages[1].process_batch([doc])
    return doc


def test_training_fee_complaint_with_regulator_threat_is_complaint_p2(stages):
    doc = _run(stages, "你们这个短信服务费我从来没开过，一年扣了我几十块",
               "不给我退，我就去人民银行投诉")
    assert doc.intent.label == "complaint"
    assert doc.severity.level == "P2"
    assert doc.signals["severity"]["funds_at_risk"] is False


def test_training_old_theft_followup_is_a_followup_not_money_at_risk(stages):
    doc = _run(stages, "前段时间信用卡被盗刷了两千，提交争议以后一直没下文",
               "我这都第四次打电话了")
    facts = doc.signals["severity"]
    assert facts["past_loss"] is True and facts["funds_at_risk"] is False
    assert any(r.startswith("既往资金损失跟进") for r in doc.severity.reasons)
    assert doc.severity.level in ("P1", "P2")


def test_training_old_theft_followup_is_not_p1(stages):
    doc = _run(stages, "前段时间信用卡被盗刷了两千，提交争议以后一直没下文",
               "我这都第四次打电话了")
    assert doc.severity.level == "P2"


def test_training_information_requests_stay_p4(stages):
    for text in ("我存的那笔定期是哪天到期的", "信用卡账单日是每个月几号",
                 "新卡寄出来没有，到哪了"):
        doc = _run(stages, text)
        assert doc.severity.level == "P4", text


def test_training_ongoing_theft_is_still_p1(stages):
    doc = _run(stages, "喂 我 的 卡 刚 刚 被 人 刷 了 三 笔 我 人 在 家 里", channel="call")
    assert doc.intent.label == "fraud_report"
    assert doc.severity.level == "P1"
