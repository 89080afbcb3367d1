"""Metadata conditions: channel, intent, severity, customer segment."""

from __future__ import annotations

from typing import Any

from triage.qa.context import Match, QAContext
from triage.qa.matchers.base import Condition, Where, boolean, check_keys, mapping, str_list
from triage.schema import CHANNELS, INTENTS, SEGMENTS, SEVERITIES

_ALLOWED = {"channel": CHANNELS, "intent": INTENTS, "severity": SEVERITIES, "segment": SEGMENTS}


class MetaMatcher(Condition):
    """Holds when the interaction's metadata is in every listed set (no spans).

    YAML::

        meta:
          channel: chat
          intent: [complaint]          # primary or secondary label
          primary_only: false          # true: the primary intent label only
          severity: [P1, P2]
          segment: elderly
    """

    kind = "meta"

    def __init__(self, raw: Any, where: Where) -> None:
        body = mapping(raw, where)
        check_keys(body, set(_ALLOWED) | {"primary_only"}, where)
        self.sets: dict[str, frozenset[str]] = {}
        for key, allowed in _ALLOWED.items():
            if key in body:
                vals = str_list(body[key], where.at(key))
                bad = [v for v in vals if v not in allowed]
                if bad:
                    raise where.at(key).error(f"unknown value {bad[0]!r}; use {', '.join(allowed)}")
                self.sets[key] = frozenset(vals)
        if not self.sets:
            raise where.error("give at least one of channel / intent / severity / segment")
        self.primary_only = (
            boolean(body["primary_only"], where.at("primary_only"))
            if "primary_only" in body
            else False
        )

    def evaluate(self, ctx: QAContext) -> Match:
        for key, allowed in self.sets.items():
            if key == "intent":
                have = {ctx.intent} if self.primary_only else set(ctx.intents)
                if not have & allowed:
                    return Match(False)
                continue
            value = {"channel": ctx.channel, "severity": ctx.severity, "segment": ctx.segment}[key]
            if value not in allowed:
                return Match(False)
        return Match(True)
