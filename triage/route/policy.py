"""The routing policy (SPEC §8): ordered rules, first match wins, with a default.

The policy is configuration (``pipelines/routing.yaml``); this module loads and
validates it and evaluates it over :class:`Facts`. Invariants checked at load,
so a bad edit fails before any chat is routed:

* every queue is one of SPEC §8's queues, priorities are 1..4, rule ids unique;
* no SLA above ``max_sla_minutes`` (15) for anything a person must answer —
  every queue but ``self_service``, and a ``self_service`` route that may be
  redirected to a customer's dedicated desk;
* every rule and the default carry a Chinese reason.

Invariants enforced at decision time:

* elderly and VIP customers keep their dedicated desks (``segment_desks``)
  unless the matched rule says otherwise (the P1 rules do);
* an unsure model never sends a customer to self-service: the route goes to
  ``unsure.fallback_queue`` (a person) instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.config import load_yaml
from triage.errors import ConfigError
from triage.route.conditions import Condition, compile_condition
from triage.route.facts import Facts
from triage.schema import QUEUE_ZH, QUEUES, SEGMENTS, SEVERITIES, Route

SELF_SERVICE = "self_service"
_SEGMENT_ZH = {
    "elderly": "老年客户",
    "vip": "贵宾客户",
    "corporate": "对公客户",
    "retail": "零售客户",
}
_RULE_KEYS = {"id", "when", "route", "reason"}
_ROUTE_KEYS = {"queue", "priority", "sla_minutes", "escalate", "keep_segment_desk"}


@dataclass(frozen=True)
class RouteTemplate:
    """What a rule assigns; unset fields come from the severity defaults."""

    queue: str
    priority: int | None = None
    sla_minutes: int | None = None
    escalate: bool | None = None
    keep_segment_desk: bool = True


@dataclass(frozen=True)
class RoutingRule:
    """One ordered rule: when ``condition`` holds, route with ``route``."""

    id: str
    condition: Condition
    route: RouteTemplate
    reason: str


@dataclass(frozen=True)
class SeverityDefault:
    """Priority, SLA and escalation that a severity level implies by default."""

    priority: int
    sla_minutes: int
    escalate: bool


@dataclass(frozen=True)
class UnsureGuard:
    """When the intent model counts as unsure, and where such customers go instead."""

    confidence_below: float
    margin_below: float
    fallback_queue: str

    def applies(self, facts: Facts) -> bool:
        """True when the intent model is unsure (or there is no intent at all)."""
        if facts.intent_confidence is None:
            return True
        if facts.intent_confidence < self.confidence_below:
            return True
        return facts.intent_margin is not None and facts.intent_margin < self.margin_below


class RoutingPolicy:
    """A validated routing policy.

    Args:
        rules: Ordered rules (first match wins).
        default: The route when no rule matches (its ``id`` is ``DEFAULT``).
        severity_defaults: Priority/SLA/escalation per severity level.
        segment_desks: Dedicated desk per customer segment (elderly → senior_care).
        unsure: The self-service guard.
        stated_segments: Per segment, patterns of the customer's own words that state
            it (我七十多了, 我是老年人) for a record that gives no segment.
        unknown_severity: Level whose defaults apply when severity is unknown.
        max_sla_minutes: The SLA cap for routes a person answers.
    """

    def __init__(
        self,
        rules: list[RoutingRule],
        default: RoutingRule,
        severity_defaults: dict[str, SeverityDefault],
        segment_desks: dict[str, str],
        unsure: UnsureGuard,
        unknown_severity: str = "P3",
        max_sla_minutes: int = 15,
        stated_segments: dict[str, re.Pattern[str]] | None = None,
    ) -> None:
        self.rules = list(rules)
        self.default = default
        self.severity_defaults = dict(severity_defaults)
        self.segment_desks = dict(segment_desks)
        self.unsure = unsure
        self.unknown_severity = unknown_severity
        self.max_sla_minutes = max_sla_minutes
        self.stated_segments = dict(stated_segments or {})

    @classmethod
    def from_yaml(cls, path: Path | str) -> RoutingPolicy:
        """Load and validate a routing policy file."""
        p = Path(path)
        return cls.from_dict(load_yaml(p), str(p.name))

    @classmethod
    def from_dict(cls, raw: Any, where: str = "routing policy") -> RoutingPolicy:
        """Validate a parsed policy mapping (see ``pipelines/routing.yaml``).

        Raises:
            ConfigError: naming the file, rule and field of the first problem.
        """
        if not isinstance(raw, dict):
            raise ConfigError(f"{where}: top level must be a mapping")
        known = {
            "version",
            "max_sla_minutes",
            "severity_defaults",
            "unknown_severity",
            "segment_desks",
            "stated_segments",
            "unsure",
            "rules",
            "default",
        }
        extra = sorted(set(raw) - known)
        if extra:
            raise ConfigError(f"{where}: unknown key(s) {extra}; known: {sorted(known)}")
        cap = _int(raw.get("max_sla_minutes", 15), f"{where}: max_sla_minutes", 0, 15)

        sev_raw = raw.get("severity_defaults")
        if not isinstance(sev_raw, dict) or set(sev_raw) != set(SEVERITIES):
            raise ConfigError(f"{where}: severity_defaults must give each of {list(SEVERITIES)}")
        sev: dict[str, SeverityDefault] = {}
        for level in SEVERITIES:
            item = sev_raw[level]
            w = f"{where}: severity_defaults.{level}"
            if not isinstance(item, dict) or set(item) != {"priority", "sla_minutes", "escalate"}:
                raise ConfigError(f"{w}: needs exactly priority, sla_minutes, escalate")
            sev[level] = SeverityDefault(
                priority=_int(item["priority"], f"{w}.priority", 1, 4),
                sla_minutes=_int(item["sla_minutes"], f"{w}.sla_minutes", 0, cap),
                escalate=_bool(item["escalate"], f"{w}.escalate"),
            )
        unknown = raw.get("unknown_severity", "P3")
        if unknown not in SEVERITIES:
            raise ConfigError(f"{where}: unknown_severity must be one of {list(SEVERITIES)}")

        desks_raw = raw.get("segment_desks") or {}
        if not isinstance(desks_raw, dict):
            raise ConfigError(f"{where}: segment_desks must be a mapping segment -> queue")
        desks: dict[str, str] = {}
        for seg, queue in desks_raw.items():
            if seg not in SEGMENTS:
                raise ConfigError(f"{where}: segment_desks: unknown segment {seg!r}")
            desks[seg] = _queue(queue, f"{where}: segment_desks.{seg}")
            if desks[seg] == SELF_SERVICE:
                raise ConfigError(f"{where}: segment_desks.{seg}: a dedicated desk is a person")

        stated_raw = raw.get("stated_segments") or {}
        if not isinstance(stated_raw, dict):
            raise ConfigError(f"{where}: stated_segments must be a mapping segment -> patterns")
        stated: dict[str, re.Pattern[str]] = {}
        for seg, patterns in stated_raw.items():
            w = f"{where}: stated_segments.{seg}"
            if seg not in SEGMENTS:
                raise ConfigError(f"{w}: unknown segment")
            if not isinstance(patterns, list) or not all(isinstance(x, str) for x in patterns):
                raise ConfigError(f"{w}: must be a list of regular expressions")
            try:
                stated[seg] = re.compile("|".join(f"(?:{x})" for x in patterns))
            except re.error as exc:
                raise ConfigError(f"{w}: bad regular expression ({exc})") from None

        unsure_raw = raw.get("unsure")
        if not isinstance(unsure_raw, dict):
            raise ConfigError(
                f"{where}: 'unsure' must give confidence_below, margin_below, fallback_queue"
            )
        guard = UnsureGuard(
            confidence_below=_prob(
                unsure_raw.get("confidence_below"), f"{where}: unsure.confidence_below"
            ),
            margin_below=_prob(unsure_raw.get("margin_below"), f"{where}: unsure.margin_below"),
            fallback_queue=_queue(
                unsure_raw.get("fallback_queue"), f"{where}: unsure.fallback_queue"
            ),
        )
        if guard.fallback_queue == SELF_SERVICE:
            raise ConfigError(f"{where}: unsure.fallback_queue must be answered by a person")

        rules_raw = raw.get("rules")
        if not isinstance(rules_raw, list):
            raise ConfigError(f"{where}: 'rules' must be a list")
        rules: list[RoutingRule] = []
        seen: set[str] = set()
        for i, item in enumerate(rules_raw):
            rule = _rule(item, f"{where}: rules[{i}]", cap, bool(desks))
            if rule.id in seen or rule.id == "DEFAULT":
                raise ConfigError(f"{where}: rules[{i}]: duplicate or reserved id {rule.id!r}")
            seen.add(rule.id)
            rules.append(rule)
        default_raw = raw.get("default")
        if not isinstance(default_raw, dict):
            raise ConfigError(f"{where}: 'default' must be a mapping with route and reason")
        default = _rule({"id": "DEFAULT", **default_raw}, f"{where}: default", cap, bool(desks))
        if default.condition.source:
            raise ConfigError(f"{where}: default: takes no 'when'")
        return cls(rules, default, sev, desks, guard, unknown, cap, stated)

    def stated_segment(self, customer_texts: Sequence[str]) -> str | None:
        """The segment the customer's own words state (first configured that matches), if any."""
        for seg, rx in self.stated_segments.items():
            if any(rx.search(t) for t in customer_texts):
                return seg
        return None

    def match(self, facts: Facts) -> RoutingRule:
        """The first rule whose condition holds, else the default."""
        for rule in self.rules:
            if rule.condition(facts):
                return rule
        return self.default

    def decide(self, facts: Facts) -> Route:
        """The routing decision for these facts, with the rule id and a Chinese reason."""
        rule = self.match(facts)
        tpl = rule.route
        base = self.severity_defaults[
            facts.severity if facts.severity in self.severity_defaults else self.unknown_severity
        ]
        queue = tpl.queue
        notes = [rule.reason]
        desk = self.segment_desks.get(facts.segment or "")
        if tpl.keep_segment_desk and desk and desk != queue:
            who = _SEGMENT_ZH.get(facts.segment or "", "")
            if facts.segment_stated:
                who = f"客户自述为{who}，"
            notes.append(f"{who}保留{QUEUE_ZH[desk]}")
            queue = desk
        if queue == SELF_SERVICE and self.unsure.applies(facts):
            queue = self.unsure.fallback_queue
            notes.append(f"模型不确定，转人工（{QUEUE_ZH[queue]}）而非自助服务")
        sla = tpl.sla_minutes if tpl.sla_minutes is not None else base.sla_minutes
        if queue != SELF_SERVICE:
            # Validated at load; kept as a guard so no code path can break the norm.
            sla = min(sla, self.max_sla_minutes)
        return Route(
            queue=queue,
            priority=tpl.priority if tpl.priority is not None else base.priority,
            sla_minutes=sla,
            escalate=tpl.escalate if tpl.escalate is not None else base.escalate,
            rule=rule.id,
            reason="；".join(notes),
        )


def _int(value: Any, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{where}: must be an integer from {low} to {high} (got {value!r})")
    return value


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: must be true or false")
    return value


def _prob(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ConfigError(f"{where}: must be a number between 0 and 1")
    return float(value)


def _queue(value: Any, where: str) -> str:
    if value not in QUEUES:
        raise ConfigError(f"{where}: unknown queue {value!r}; queues: {', '.join(QUEUES)}")
    return str(value)


def _rule(item: Any, where: str, cap: int, has_desks: bool) -> RoutingRule:
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: a rule must be a mapping")
    rid = item.get("id")
    if not isinstance(rid, str) or not rid:
        raise ConfigError(f"{where}: needs an 'id'")
    where = f"{where} ({rid})"
    extra = sorted(set(item) - _RULE_KEYS)
    if extra:
        raise ConfigError(f"{where}: unknown key(s) {extra}; known: {sorted(_RULE_KEYS)}")
    reason = item.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ConfigError(f"{where}: needs a 'reason' (Chinese, shown to agents and supervisors)")
    route_raw = item.get("route")
    if not isinstance(route_raw, dict):
        raise ConfigError(f"{where}: needs a 'route' mapping")
    extra = sorted(set(route_raw) - _ROUTE_KEYS)
    if extra:
        raise ConfigError(f"{where}: route: unknown key(s) {extra}; known: {sorted(_ROUTE_KEYS)}")
    queue = _queue(route_raw.get("queue"), f"{where}: route.queue")
    keep = _bool(route_raw.get("keep_segment_desk", True), f"{where}: route.keep_segment_desk")
    person = queue != SELF_SERVICE or (keep and has_desks)
    sla = route_raw.get("sla_minutes")
    if sla is not None:
        sla = _int(sla, f"{where}: route.sla_minutes", 0, 10**6)
        if person and sla > cap:
            raise ConfigError(
                f"{where}: route.sla_minutes {sla} is above {cap}: a person must answer "
                f"within {cap} minutes"
            )
    priority = route_raw.get("priority")
    if priority is not None:
        priority = _int(priority, f"{where}: route.priority", 1, 4)
    escalate = route_raw.get("escalate")
    if escalate is not None:
        escalate = _bool(escalate, f"{where}: route.escalate")
    return RoutingRule(
        id=rid,
        condition=compile_condition(item.get("when"), f"{where}: when"),
        route=RouteTemplate(queue, priority, sla, escalate, keep),
        reason=reason.strip(),
    )
