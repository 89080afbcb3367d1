"""The shipped routing policy (pipelines/routing.yaml), rule by rule."""

from __future__ import annotations

import pytest

from route.helpers import make_doc
from triage.route.facts import facts_from_doc
from triage.route.policy import RoutingPolicy
from triage.route.stage import RouteStage
from triage.schema import QUEUE_ZH, QUEUES


@pytest.fixture(scope="module")
def policy(repo_root) -> RoutingPolicy:
    return RoutingPolicy.from_yaml(repo_root / "pipelines" / "routing.yaml")


def route(policy: RoutingPolicy, **kw):
    return policy.decide(facts_from_doc(make_doc(**kw)))


def test_policy_p1_fraud_goes_to_fraud_hotline_now_with_escalation(policy):
    r = route(policy, intent="fraud_report", severity="P1")
    assert (r.queue, r.priority, r.sla_minutes, r.escalate, r.rule) == (
        "fraud_hotline",
        1,
        0,
        True,
        "P1_FRAUD",
    )
    assert "反欺诈专席" in r.reason


@pytest.mark.parametrize(
    "kw",
    [
        {"intent": "card_service", "secondary": ("fraud_report",)},
        {"intent": "transaction_inquiry", "signals": {"funds_at_risk": True}},
    ],
)
def test_policy_p1_fraud_by_secondary_intent_or_funds_signal(policy, kw):
    assert route(policy, severity="P1", **kw).rule == "P1_FRAUD"


@pytest.mark.parametrize("segment", ["elderly", "vip"])
def test_policy_p1_overrides_segment_desk(policy, segment):
    r = route(policy, intent="fraud_report", severity="P1", segment=segment)
    assert r.queue == "fraud_hotline" and r.priority == 1 and r.escalate


def test_policy_p1_complaint_goes_to_complaints_now(policy):
    r = route(policy, intent="complaint", severity="P1", segment="elderly")
    assert (r.queue, r.priority, r.sla_minutes, r.escalate, r.rule) == (
        "complaints",
        1,
        0,
        True,
        "P1_COMPLAINT",
    )


def test_policy_p1_other_still_immediate_and_escalated(policy):
    r = route(policy, intent="account_service", severity="P1")
    assert r.rule == "P1_OTHER" and r.priority == 1 and r.sla_minutes == 0 and r.escalate


@pytest.mark.parametrize("signal", ["regulator_threat", "media_threat"])
def test_policy_external_threat_escalates_to_complaints(policy, signal):
    r = route(policy, intent="credit_repayment", severity="P2", signals={signal: True})
    assert (r.queue, r.priority, r.escalate, r.rule) == ("complaints", 2, True, "EXTERNAL_THREAT")
    assert r.sla_minutes <= 5


def test_policy_external_threat_elderly_keeps_desk_but_escalates(policy):
    r = route(
        policy,
        intent="complaint",
        severity="P2",
        segment="elderly",
        signals={"regulator_threat": ["12378"]},
    )
    assert r.queue == "senior_care" and r.escalate and r.rule == "EXTERNAL_THREAT"
    assert "老年客户专席" in r.reason


def test_policy_signal_set_false_does_not_match(policy):
    r = route(policy, intent="credit_repayment", severity="P3", signals={"regulator_threat": False})
    assert r.rule == "CREDIT"


def test_policy_red_line_escalates(policy):
    r = route(policy, intent="product_inquiry", severity="P3", red_line_rules=("C04",), qa_score=60)
    assert r.rule == "QA_RED_LINE" and r.escalate and r.priority == 2


def test_policy_p2_complaint_and_repeat_contact(policy):
    r = route(policy, intent="complaint", severity="P2")
    assert (r.queue, r.priority, r.sla_minutes, r.escalate, r.rule) == (
        "complaints",
        2,
        5,
        False,
        "P2_COMPLAINT",
    )
    r = route(policy, intent="card_service", severity="P2", signals={"repeat_contact": 2})
    assert r.rule == "P2_REPEAT" and r.queue == "complaints"


@pytest.mark.parametrize(
    "kw",
    [
        {"confidence": 0.4},
        {"confidence": 0.7, "scores": {"card_service": 0.7, "fraud_report": 0.65}},
    ],
)
def test_policy_low_confidence_goes_to_a_person(policy, kw):
    r = route(policy, intent="card_service", severity="P3", **kw)
    assert r.rule == "LOW_CONFIDENCE" and r.queue == "general"


@pytest.mark.parametrize(
    "intent,rule,queue,priority,sla",
    [
        ("fraud_report", "FRAUD", "fraud_hotline", 2, 5),  # suspicious: faster than P3 defaults
        ("complaint", "COMPLAINT", "complaints", 3, 10),
        ("product_inquiry", "WEALTH", "wealth_specialist", 3, 10),
        ("card_service", "CARD", "card_services", 3, 10),
        ("credit_repayment", "CREDIT", "credit_services", 3, 10),
    ],
)
def test_policy_specialist_desk_by_intent(policy, intent, rule, queue, priority, sla):
    r = route(policy, intent=intent, severity="P3")
    assert (r.rule, r.queue, r.priority, r.sla_minutes) == (rule, queue, priority, sla)


def test_policy_non_p1_fraud_is_prioritised(policy):
    r = route(policy, intent="fraud_report", severity="P4")
    assert r.priority == 2 and r.sla_minutes == 5


@pytest.mark.parametrize("intent", ["process_guidance", "transaction_inquiry", "digital_channel"])
def test_policy_self_service_for_simple_confident_chat(policy, intent):
    r = route(policy, intent=intent, severity="P4", channel="chat", confidence=0.95)
    assert r.rule == "SELF_SERVICE" and r.queue == "self_service"


def test_policy_self_service_not_for_calls_or_higher_severity(policy):
    assert (
        route(policy, intent="process_guidance", severity="P4", channel="call").queue == "general"
    )
    assert (
        route(policy, intent="process_guidance", severity="P3", channel="chat").queue == "general"
    )


@pytest.mark.parametrize("segment,desk", [("elderly", "senior_care"), ("vip", "vip")])
def test_policy_segment_keeps_desk_instead_of_self_service_or_specialist(policy, segment, desk):
    r = route(policy, intent="process_guidance", severity="P4", channel="chat", segment=segment)
    assert r.queue == desk and r.rule == "SELF_SERVICE"
    r = route(policy, intent="card_service", severity="P3", segment=segment)
    assert r.queue == desk and r.rule == "CARD" and QUEUE_ZH[desk] in r.reason


def test_policy_corporate_has_no_dedicated_desk(policy):
    assert route(policy, intent="card_service", severity="P3", segment="corporate").queue == (
        "card_services"
    )


def test_policy_default_route(policy):
    r = route(policy, intent="other", severity="P4")
    assert (r.rule, r.queue, r.priority, r.sla_minutes, r.escalate) == (
        "DEFAULT",
        "general",
        4,
        15,
        False,
    )
    assert r.reason


def test_policy_unknown_severity_uses_configured_level(policy):
    r = route(policy, intent="card_service", severity=None)
    assert r.queue == "card_services" and r.priority == 3 and r.sla_minutes == 10


def test_policy_every_person_route_within_15_minutes(policy):
    # Exhaustive over the rule inputs: no person-answered decision above 15 min.
    for intent in ("fraud_report", "complaint", "product_inquiry", "process_guidance", "other"):
        for sev in ("P1", "P2", "P3", "P4"):
            for seg in (None, "elderly", "vip", "retail"):
                for channel in ("call", "chat"):
                    r = route(policy, intent=intent, severity=sev, segment=seg, channel=channel)
                    assert r.queue in QUEUES
                    if r.queue != "self_service":
                        assert r.sla_minutes <= 15


def test_route_stage_assigns_route(repo_root):
    stage = RouteStage()
    stage.setup()
    doc = make_doc(intent="fraud_report", severity="P1")
    stage.process(doc)
    assert doc.route is not None and doc.route.rule == "P1_FRAUD"


def _staged(**kw):
    stage = RouteStage()
    stage.setup()
    doc = make_doc(**kw)
    stage.process(doc)
    return doc.route


@pytest.mark.parametrize(
    "said", ["我七十多了 不会用手机银行", "我都八十了，眼睛也不好", "我是老年人", "我已经退休了"]
)
def test_route_stage_customer_stating_old_age_keeps_the_senior_desk(repo_root, said):
    r = _staged(intent="card_service", severity="P3", customer_text=said)
    assert r.queue == "senior_care" and r.rule == "CARD"
    assert "客户自述为老年客户" in r.reason


@pytest.mark.parametrize(
    "said", ["我妈七十多了", "我退休金没到账", "我是老客户了", "我六十块钱没了"]
)
def test_route_stage_other_people_and_words_state_no_segment(repo_root, said):
    assert _staged(intent="card_service", severity="P3", customer_text=said).queue == (
        "card_services"
    )


def test_route_stage_given_segment_wins_and_p1_still_goes_to_the_specialist(repo_root):
    said = "我七十多了"
    assert _staged(intent="card_service", segment="vip", customer_text=said).queue == "vip"
    r = _staged(intent="fraud_report", severity="P1", customer_text=said)
    assert r.queue == "fraud_hotline" and r.rule == "P1_FRAUD"
