"""Loading a routing policy rejects invalid files with a message naming the problem."""

from __future__ import annotations

import copy

import pytest

from triage.config import load_yaml
from triage.errors import ConfigError
from triage.route.facts import Facts
from triage.route.policy import RoutingPolicy


@pytest.fixture()
def raw(repo_root):
    return copy.deepcopy(load_yaml(repo_root / "pipelines" / "routing.yaml"))


def test_policy_validation_rejects_sla_over_15_for_person_queue(raw):
    raw["rules"][0]["route"]["sla_minutes"] = 30
    with pytest.raises(ConfigError, match=r"P1_FRAUD.*sla_minutes 30 is above 15"):
        RoutingPolicy.from_dict(raw, "routing.yaml")


def test_policy_validation_rejects_severity_default_sla_over_15(raw):
    raw["severity_defaults"]["P4"]["sla_minutes"] = 60
    with pytest.raises(ConfigError, match=r"severity_defaults.P4.sla_minutes"):
        RoutingPolicy.from_dict(raw, "routing.yaml")


def test_policy_validation_rejects_raising_the_cap(raw):
    raw["max_sla_minutes"] = 30
    with pytest.raises(ConfigError, match="max_sla_minutes"):
        RoutingPolicy.from_dict(raw, "routing.yaml")


def test_policy_validation_self_service_sla_checked_when_desk_may_take_over(raw):
    raw["rules"][-1]["route"]["sla_minutes"] = 60
    with pytest.raises(ConfigError, match="SELF_SERVICE"):
        RoutingPolicy.from_dict(raw, "routing.yaml")
    raw["rules"][-1]["route"]["keep_segment_desk"] = False  # the bot only: no person SLA
    RoutingPolicy.from_dict(raw, "routing.yaml")


@pytest.mark.parametrize(
    "mutate,pattern",
    [
        (lambda r: r["rules"][0]["route"].update(queue="nowhere"), "unknown queue 'nowhere'"),
        (lambda r: r["rules"][0]["route"].update(priority=5), "priority"),
        (lambda r: r["rules"][0]["when"].update(severity="P9"), "unknown value"),
        (lambda r: r["rules"][0]["when"].update(colour="red"), "unknown condition 'colour'"),
        (lambda r: r["rules"][1].update(id="P1_FRAUD"), "duplicate"),
        (lambda r: r["rules"][1].pop("reason"), "reason"),
        (lambda r: r["unsure"].update(fallback_queue="self_service"), "person"),
        (lambda r: r.pop("default"), "default"),
        (lambda r: r.update(stated_segments={"student": ["我是学生"]}), "unknown segment"),
        (lambda r: r.update(stated_segments={"elderly": "我老了"}), "list of regular"),
        (lambda r: r.update(stated_segments={"elderly": ["我(老了"]}), "bad regular expression"),
    ],
)
def test_policy_validation_errors(raw, mutate, pattern):
    mutate(raw)
    with pytest.raises(ConfigError, match=pattern):
        RoutingPolicy.from_dict(raw, "routing.yaml")


def test_policy_first_match_wins_in_file_order(raw):
    # Move the generic complaint rule before the P1 one: the P1 complaint no longer escalates.
    rules = raw["rules"]
    complaint = next(r for r in rules if r["id"] == "COMPLAINT")
    rules.remove(complaint)
    rules.insert(0, complaint)
    policy = RoutingPolicy.from_dict(raw, "routing.yaml")
    facts = Facts("x", "call", intent="complaint", intent_confidence=0.9, severity="P1")
    assert policy.decide(facts).rule == "COMPLAINT"


def test_policy_unsure_guard_keeps_customer_from_self_service(raw):
    # Even with the LOW_CONFIDENCE rule removed, an unsure self-service route goes to a person.
    raw["rules"] = [r for r in raw["rules"] if r["id"] != "LOW_CONFIDENCE"]
    policy = RoutingPolicy.from_dict(raw, "routing.yaml")
    facts = Facts("x", "chat", intent="process_guidance", intent_confidence=0.4, severity="P4")
    r = policy.decide(facts)
    assert r.rule == "SELF_SERVICE" and r.queue == "general" and "转人工" in r.reason
