"""Routing policy (SPEC §8): ordered rules, first match wins, with a default."""

from triage.route.facts import Facts, facts_from_doc
from triage.route.policy import RoutingPolicy

__all__ = ["Facts", "RoutingPolicy", "facts_from_doc"]
