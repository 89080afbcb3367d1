"""IntentStage and SeverityStage on redacted text, with the committed fast-path models."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from triage.classify.severity import SeverityStage
from triage.classify.stage import IntentStage
from triage.config import MODELS_DIR, PIPELINES_DIR, REPO_ROOT
from triage.errors import ConfigError
from triage.schema import INTENTS, Interaction, Turn
from triage.stage import Doc, StageError


def _doc(*turns: tuple[str, str], segment: str | None = None, redacted: bool = True) -> Doc:
    tt = tuple(Turn(s, t) for s, t in turns)
    extra = {"customer": {"segment": segment}} if segment else {}
    return Doc(Interaction("t-1", "call", tt, extra), entities=(),
               redacted=tt if redacted else None)


@pytest.fixture(scope="module")
def intent_stage() -> IntentStage:
    stage = IntentStage(model=str(MODELS_DIR / "intent-sklearn"))
    stage.setup()
    return stage


@pytest.fixture(scope="module")
def severity_stage() -> SeverityStage:
    stage = SeverityStage(signals=str(PIPELINES_DIR / "severity.yaml"))
    stage.setup()
    return stage


def test_stage_intent_assigns_label_scores_and_signal(intent_stage):
    doc = _doc(("agent", "您好，请问有什么可以帮您"),
               ("customer", "我的卡<BANK_CARD>刚被人盗刷了八千，我人在家里"))
    intent_stage.process_batch([doc])
    assert doc.intent.label == "fraud_report"
    assert set(doc.intent.scores) == set(INTENTS)
    assert abs(sum(doc.intent.scores.values()) - 1.0) < 1e-3
    assert doc.intent.confidence == pytest.approx(doc.intent.scores["fraud_report"], abs=1e-3)
    assert doc.intent.label not in doc.intent.secondary
    assert set(doc.signals["intent"]) == {"unsure", "reason", "margin"}


def test_stage_intent_unsure_reason_in_chinese():
    stage = IntentStage(model=str(MODELS_DIR / "intent-sklearn"), unsure_threshold=0.999)
    doc = _doc(("customer", "你好，我想问一下"))
    stage.process_batch([doc])
    sig = doc.signals["intent"]
    assert sig["unsure"] is True and "意图不确定" in sig["reason"]


def test_stage_intent_batch_equals_one_by_one(intent_stage):
    docs = [_doc(("customer", "信用卡账单能分期吗")), _doc(("customer", "APP登录不上去")),
            _doc(("customer", "我要投诉你们柜员态度差"))]
    intent_stage.process_batch(docs)
    single = [_doc(*[(t.speaker, t.text) for t in d.interaction.turns]) for d in docs]
    for d in single:
        intent_stage.process(d)
    assert [d.intent.label for d in docs] == [d.intent.label for d in single]
    assert [d.intent.label for d in docs] == ["credit_repayment", "digital_channel", "complaint"]


def test_stage_intent_refuses_unredacted_docs(intent_stage):
    with pytest.raises(StageError):
        intent_stage.process_batch([_doc(("customer", "卡丢了"), redacted=False)])


def test_severity_funds_at_risk_is_p1_with_chinese_reason(intent_stage, severity_stage):
    doc = _doc(("customer", "有人冒充公安让我转到安全账户，我已经转了两万，他还让我转"))
    intent_stage.process_batch([doc])
    severity_stage.process_batch([doc])
    assert doc.severity.level == "P1"
    assert any("资金风险" in r for r in doc.severity.reasons)
    assert doc.signals["severity"]["funds_at_risk"] is True


def test_severity_regulator_threat_escalates_a_plain_question(intent_stage, severity_stage):
    plain = _doc(("customer", "跨行转账两天了还没到账"))
    threat = _doc(("customer", "跨行转账两天了还没到账，再不解决我就打12378"))
    intent_stage.process_batch([plain, threat])
    severity_stage.process_batch([plain, threat])
    assert plain.severity.level in ("P3", "P4")
    assert threat.severity.level == "P2"
    assert threat.signals["severity"]["regulator_threat"] is True
    assert any("12378" in r for r in threat.severity.reasons)


def test_severity_information_request_is_p4(intent_stage, severity_stage):
    doc = _doc(("customer", "你们周六网点开门吗"))
    intent_stage.process_batch([doc])
    severity_stage.process_batch([doc])
    assert doc.severity.level == "P4"
    assert doc.severity.reasons


def test_severity_signals_only_without_model():
    stage = SeverityStage(signals=str(PIPELINES_DIR / "severity.yaml"), model="none")
    quiet, loud = _doc(("customer", "问一下利率")), _doc(("customer", "我要去法院起诉你们"))
    stage.process_batch([quiet, loud])
    assert quiet.severity.level == "P4"
    assert loud.severity.level == "P2" and loud.signals["severity"]["court_threat"] is True


def test_severity_bad_yaml_is_a_config_error(tmp_path):
    bad = tmp_path / "severity.yaml"
    bad.write_text("model: none\nintent_floor:\n  complaint: P7\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="intent_floor"):
        SeverityStage(signals=str(bad)).setup()


def test_fast_path_never_imports_torch():
    code = (
        "import sys, json\n"
        "from triage.pipeline import Pipeline\n"
        "from triage.classify.stage import IntentStage\n"
        "from triage.classify.severity import SeverityStage\n"
        "from triage.schema import Interaction, Turn\n"
        "from triage.stage import Doc\n"
        "from triage.config import MODELS_DIR, PIPELINES_DIR\n"
        "i = IntentStage(model=str(MODELS_DIR / 'intent-sklearn'))\n"
        "s = SeverityStage(signals=str(PIPELINES_DIR / 'severity.yaml'))\n"
        "t = (Turn('customer', '我的卡被盗刷了'),)\n"
        "d = Doc(Interaction('x', 'chat', t), entities=(), redacted=t)\n"
        "i.process_batch([d]); s.process_batch([d])\n"
        "print(json.dumps({'label': d.intent.label, 'torch': 'torch' in sys.modules,\n"
        "                  'transformers': 'transformers' in sys.modules}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO_ROOT, timeout=300, check=True)
    res = json.loads(out.stdout.strip().splitlines()[-1])
    assert res == {"label": "fraud_report", "torch": False, "transformers": False}


def test_default_pipeline_configures_the_sklearn_intent_model():
    from triage.classify.loader import model_kind
    from triage.config import load_pipeline_config

    cfg = load_pipeline_config()
    spec = next(s for s in cfg.stages if s.factory == "triage.classify.intent.v1")
    folder = cfg.resolve(spec.settings["model"])
    assert model_kind(folder) in ("sklearn", "transformer")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert set(meta["classes"]) == set(INTENTS)


def test_severity_model_p1_kept_when_fraud_is_close_behind_an_unsure_intent():
    from triage.schema import Intent

    stage = SeverityStage(signals=str(PIPELINES_DIR / "severity.yaml"), model="none")
    stage.setup()
    probs = {"P1": 0.8, "P2": 0.05, "P3": 0.1, "P4": 0.05}
    close = _doc(("customer", "帮我把账户停一下"))
    close.intent = Intent("account_service", 0.6,
                          scores={"account_service": 0.6, "fraud_report": 0.3})
    far = _doc(("customer", "帮我把账户停一下"))
    far.intent = Intent("account_service", 0.95,
                        scores={"account_service": 0.95, "fraud_report": 0.02})
    assert stage.decide(close, probs)[0].level == "P1"
    assert stage.decide(far, probs)[0].level == "P3"  # the model alone may not escalate it


def test_severity_answered_on_the_spot_caps_the_model_but_not_a_work_order():
    from triage.schema import Intent

    stage = SeverityStage(signals=str(PIPELINES_DIR / "severity.yaml"), model="none")
    stage.setup()
    probs = {"P1": 0.01, "P2": 0.04, "P3": 0.9, "P4": 0.05}
    answered = _doc(("customer", "提现到卡上怎么还没到"),
                    ("agent", "提现一般两小时内到账，请您再等一下"))
    worked = _doc(("customer", "提现到卡上怎么还没到"),
                  ("agent", "提现一般两小时内到账，超时了我为您提交查询"))
    for doc in (answered, worked):
        doc.intent = Intent("transaction_inquiry", 0.9, scores={"transaction_inquiry": 0.9})
    level, facts = stage.decide(answered, probs)
    assert level.level == "P4" and facts["answered"] is True
    assert stage.decide(worked, probs)[0].level == "P3"  # the work order keeps its level


def test_severity_praise_caps_the_model_unless_a_problem_is_near():
    from triage.schema import Intent

    stage = SeverityStage(signals=str(PIPELINES_DIR / "severity.yaml"), model="none")
    stage.setup()
    probs = {"P1": 0.0, "P2": 0.95, "P3": 0.04, "P4": 0.01}  # 上次…处理 read as a follow-up
    praise = _doc(("customer", "非常感谢你们上次帮我处理的那么快 给你们点赞"))
    problem = _doc(("customer", "给你们点赞 但是钱还是没到账"))
    for doc in (praise, problem):
        doc.intent = Intent("other", 0.9, scores={"other": 0.9})
    level, facts = stage.decide(praise, probs)
    assert level.level == "P4" and facts["praise"] is True
    # a problem near the praise: no praise cap (P3 is the model cap outside fraud and complaint)
    assert stage.decide(problem, probs)[0].level == "P3"


def test_severity_charge_taken_twice_caps_the_model_but_not_theft():
    from triage.schema import Intent

    stage = SeverityStage(signals=str(PIPELINES_DIR / "severity.yaml"), model="none")
    stage.setup()
    probs = {"P1": 0.7, "P2": 0.2, "P3": 0.08, "P4": 0.02}  # 扣了两笔 read as theft
    twice = _doc(("customer", "超市只刷了一次，怎么扣了两笔"))
    stolen = _doc(("customer", "扣了两笔，不是我刷的，卡在我身上"))
    for doc in (twice, stolen):
        doc.intent = Intent("transaction_inquiry", 0.6,
                            scores={"transaction_inquiry": 0.6, "fraud_report": 0.3})
    level, facts = stage.decide(twice, probs)
    assert level.level == "P3" and facts["disputed_charge"] is True
    assert stage.decide(stolen, probs)[0].level == "P1"  # funds_at_risk keeps its P1


def test_severity_customer_who_understood_caps_the_model_but_not_a_work_order():
    from triage.schema import Intent

    stage = SeverityStage(signals=str(PIPELINES_DIR / "severity.yaml"), model="none")
    stage.setup()
    probs = {"P1": 0.0, "P2": 0.05, "P3": 0.9, "P4": 0.05}  # 一笔不认识的入账 read as a dispute
    settled = _doc(("customer", "有笔五百的入账我不认识"), ("agent", "这是您单位发的高温补贴"),
                   ("customer", "哦那就对了"))
    ordered = _doc(("customer", "有笔五百的入账我不认识"),
                   ("agent", "我帮您提交核查，三个工作日内回复"),
                   ("customer", "哦那就对了"))
    for doc in (settled, ordered):
        doc.intent = Intent("transaction_inquiry", 0.9, scores={"transaction_inquiry": 0.9})
    level, facts = stage.decide(settled, probs)
    assert level.level == "P4" and facts["understood"] is True
    assert stage.decide(ordered, probs)[0].level == "P3"  # the work order keeps its level


def test_severity_complaint_floor_lifted_when_the_customer_says_it_is_settled():
    from triage.schema import Intent

    stage = SeverityStage(signals=str(PIPELINES_DIR / "severity.yaml"), model="none")
    stage.setup()
    probs = {"P1": 0.0, "P2": 0.9, "P3": 0.05, "P4": 0.05}  # anger read as a complaint
    settled = _doc(("customer", "排队排到崩溃，就想问下网点几点关门"),
                   ("agent", "网点营业到下午五点"), ("customer", "行 知道了"))
    formal = _doc(("customer", "排队排到崩溃，我要投诉你们网点"),
                  ("agent", "网点营业到下午五点"), ("customer", "行 知道了"))
    open_ = _doc(("customer", "排队排到崩溃，你们这服务太差了"))
    for doc in (settled, formal, open_):
        doc.intent = Intent("complaint", 0.9, scores={"complaint": 0.9})
    level, facts = stage.decide(settled, probs)
    assert level.level == "P4" and facts["understood"] is True
    assert stage.decide(formal, probs)[0].level == "P2"  # the complaint signal keeps its P2
    assert stage.decide(open_, probs)[0].level == "P2"   # the floor holds


def test_severity_fraud_floor_lifted_when_the_customer_rules_fraud_out():
    from triage.schema import Intent

    stage = SeverityStage(signals=str(PIPELINES_DIR / "severity.yaml"), model="none")
    stage.setup()
    probs = {"P1": 0.9, "P2": 0.02, "P3": 0.04, "P4": 0.04}
    ruled_out = _doc(("customer", "不是被骗，是我自己把账号输错了，能退回来吗"))
    stolen = _doc(("customer", "不是被骗，我的卡还在身上，钱被人转走了"))
    for doc in (ruled_out, stolen):
        doc.intent = Intent("fraud_report", 0.9, scores={"fraud_report": 0.9})
    level, facts = stage.decide(ruled_out, probs)
    assert level.level == "P3" and facts["fraud_ruled_out"] is True  # the model capped at P3
    assert stage.decide(stolen, probs)[0].level == "P1"  # money at risk keeps its P1
    ruled_out.intent = Intent("fraud_report", 0.9, scores={"fraud_report": 0.9})
    assert stage.decide(ruled_out, {"P1": 0.0, "P2": 0.0, "P3": 0.1, "P4": 0.9})[0].level == "P4"


def test_severity_bad_floor_lifted_by_is_a_config_error(tmp_path):
    bad = tmp_path / "severity.yaml"
    bad.write_text("model: none\nfloor_lifted_by:\n  complaint: understood\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="floor_lifted_by"):
        SeverityStage(signals=str(bad)).setup()


def test_severity_complaint_floor_lifted_when_the_customer_denies_a_complaint():
    from triage.schema import Intent

    stage = SeverityStage(signals=str(PIPELINES_DIR / "severity.yaml"), model="none")
    stage.setup()
    probs = {"P1": 0.0, "P2": 0.1, "P3": 0.8, "P4": 0.1}
    denied = _doc(("customer", "贷款的事我不是想投诉，就是别再半夜打电话了"),
                  ("agent", "我这边为您登记免打扰，三个工作日内生效"))
    made = _doc(("customer", "贷款的事我不是想投诉，但是半夜打电话这个我一定要投诉"))
    for doc in (denied, made):
        doc.intent = Intent("complaint", 0.6, scores={"complaint": 0.6})
    level, facts = stage.decide(denied, probs)
    assert level.level == "P3" and facts["complaint_denied"] is True  # the work order's P3
    assert stage.decide(made, probs)[0].level == "P2"  # the complaint made keeps its P2


def test_severity_fraud_floor_lifted_for_a_call_to_thank():
    from triage.schema import Intent

    stage = SeverityStage(signals=str(PIPELINES_DIR / "severity.yaml"), model="none")
    stage.setup()
    probs = {"P1": 0.9, "P2": 0.02, "P3": 0.04, "P4": 0.04}  # a scam story read as fraud
    thanks = _doc(("customer", "特意来感谢你们，上周我爸差点被人骗了，多亏柜员拦住"))
    loss = _doc(("customer", "特意来感谢你们，可我爸今天又被人骗走了一万"))
    for doc in (thanks, loss):
        doc.intent = Intent("fraud_report", 0.8, scores={"fraud_report": 0.8})
    level, facts = stage.decide(thanks, probs)
    assert level.level == "P4" and facts["praise"] is True
    assert stage.decide(loss, probs)[0].level == "P1"


def test_severity_complaint_denied_or_offer_accepted_caps_the_model_at_p3():
    from triage.schema import Intent

    stage = SeverityStage(signals=str(PIPELINES_DIR / "severity.yaml"), model="none")
    stage.setup()
    probs = {"P1": 0.0, "P2": 0.8, "P3": 0.1, "P4": 0.1}  # irritation read as a complaint
    denied = _doc(("customer", "排了半小时队，算了懒得投诉你们，就问下存款利率"))
    accepted = _doc(("customer", "手续费收得莫名其妙"), ("agent", "可以帮您申请退回"),
                    ("customer", "行，那你给我申请"))
    angry = _doc(("customer", "手续费收得莫名其妙，你们就是乱收费"))
    for doc in (denied, accepted, angry):
        doc.intent = Intent("complaint", 0.7, scores={"complaint": 0.7})
    level, facts = stage.decide(denied, probs)
    assert level.level == "P3" and facts["complaint_denied"] is True
    level, facts = stage.decide(accepted, probs)
    assert level.level == "P3" and facts["offer_accepted"] is True
    assert stage.decide(angry, probs)[0].level == "P2"  # nothing settled: floor and model hold


def test_severity_money_found_untouched_caps_a_fraud_model_p1():
    from triage.schema import Intent

    stage = SeverityStage(signals=str(PIPELINES_DIR / "severity.yaml"), model="none")
    stage.setup()
    probs = {"P1": 0.85, "P2": 0.05, "P3": 0.05, "P4": 0.05}
    safe = _doc(("customer", "钱包丢了，里面有两张卡，怕被人用"),
                ("agent", "我查了，今天没有任何消费，资金是安全的，先帮您冻结"))
    taken = _doc(("customer", "钱包丢了，卡被人刷了五千"),
                 ("agent", "我查了，今天没有任何消费，资金是安全的，先帮您冻结"))
    for doc in (safe, taken):
        doc.intent = Intent("fraud_report", 0.8, scores={"fraud_report": 0.8})
    level, facts = stage.decide(safe, probs)
    assert level.level == "P3" and facts["funds_safe"] is True
    assert stage.decide(taken, probs)[0].level == "P1"  # money at risk keeps its P1


def test_severity_an_earlier_case_settled_lifts_the_fraud_floor():
    from triage.schema import Intent

    stage = SeverityStage(signals=str(PIPELINES_DIR / "severity.yaml"), model="none")
    stage.setup()
    probs = {"P1": 0.9, "P2": 0.04, "P3": 0.03, "P4": 0.03}  # the old theft read as fraud
    settled = _doc(("customer", "之前卡被盗用的事早就处理好了，想问下怎么开夜间交易限制"))
    again = _doc(("customer", "之前卡被盗用的事早就处理好了，可今天又被刷了两千"))
    for doc in (settled, again):
        doc.intent = Intent("fraud_report", 0.7, scores={"fraud_report": 0.7})
    level, facts = stage.decide(settled, probs)
    assert level.level == "P4" and facts["case_settled"] is True
    assert stage.decide(again, probs)[0].level == "P1"
