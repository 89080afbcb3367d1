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


def test_training_a_short_lateness_question_stays_p4(stages):
    doc = _run(stages, "晚了一天还信用卡，会影响征信吗")
    assert doc.intent.label == "credit_repayment"
    assert doc.severity.level == "P4"


@pytest.mark.xfail(strict=True, reason="known limit: a status question in the words of a "
                   "back-office need (处理中, 挂失) is still graded P3 by the severity model")
@pytest.mark.parametrize("text", ["我转给我哥的钱显示处理中，是不是正常",
                                  "以为卡丢了挂失了，结果在车里找到了，怎么恢复"])
def test_training_status_questions_in_back_office_words_stay_p4(stages, text):
    assert _run(stages, text).severity.level == "P4"


def test_training_content_free_opener_is_not_a_need(stages):
    for text in ("在吗", "有人吗？"):
        doc = _run(stages, text)
        assert doc.intent.label == "other", text
        assert doc.severity.level == "P4"


def test_training_agent_work_order_lifts_a_quiet_request_to_p3(stages):
    turns = (Turn("customer", "贷款扣款的卡想换一下"),
             Turn("agent", "好的，我为您提交还款账户变更申请，两个工作日内生效"))
    doc = Doc(Interaction("b-2", "chat", turns, {}), entities=(), redacted=turns)
    stages[0].process_batch([doc])
    stages[1].process_batch([doc])
    assert doc.severity.level == "P3"
    assert doc.signals["severity"]["work_order"] is True


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("帮我销个户", {"account_service"}),
        ("我要补办一张卡", {"card_service"}),
        ("我要改绑手机号", {"account_service"}),
        ("我要买点基金", {"product_inquiry"}),
        ("我要查下工资到没到", {"transaction_inquiry"}),
        ("我要换一张芯片卡", {"card_service"}),
        ("我要开通网银", {"process_guidance", "digital_channel"}),
    ],
)
def test_training_bare_requests_are_their_need_not_a_complaint(stages, text, allowed):
    # A live chat's first message is often a bare 我要X; 我要 is no complaint cue
    # (the models read 我要转账, 我要开户 as complaints at P2 before the bare requests).
    doc = _run(stages, text)
    assert doc.intent.label in allowed
    assert doc.severity.level in ("P3", "P4")


def test_training_bare_complaint_and_fraud_keep_their_level(stages):
    assert _run(stages, "我要投诉你们网点").intent.label == "complaint"
    doc = _run(stages, "我要冻结我的卡 被盗刷了")
    assert doc.intent.label == "fraud_report"
    assert doc.severity.level == "P1"
