"""Boolean combination of conditions: all / any / not."""

from __future__ import annotations

from typing import Any

from triage.qa.context import Match, QAContext
from triage.qa.matchers.base import Builder, Condition, Where


def _children(raw: Any, where: Where, build: Builder) -> list[Condition]:
    if not isinstance(raw, list) or not raw:
        raise where.error("must be a non-empty list of conditions")
    return [build(item, where.at(i)) for i, item in enumerate(raw)]


class AllOf(Condition):
    """Holds when every child holds; hits are the union of the children's hits."""

    kind = "all"

    def __init__(self, raw: Any, where: Where, build: Builder) -> None:
        self.children = _children(raw, where, build)
        self.cost = max(c.cost for c in self.children)
        self.embeds = any(c.embeds for c in self.children)
        self._by_cost = sorted(self.children, key=lambda c: c.cost)

    def evaluate(self, ctx: QAContext) -> Match:
        hits = []
        # Cheap children first: an expensive one is skipped once a cheap one fails.
        for child in self._by_cost:
            m = child.evaluate(ctx)
            if not m.matched:
                return Match(False)
            hits += m.hits
        return Match(True, Match.of(hits).hits)

    def missing(self, ctx: QAContext) -> list[str]:
        """Labels of the children that do not hold (for ``expected`` texts)."""
        return [c.label or c.kind for c in self.children if not c.evaluate(ctx).matched]


class AnyOf(Condition):
    """Holds when a child holds; expensive children run only if no cheap one held."""

    kind = "any"

    def __init__(self, raw: Any, where: Where, build: Builder) -> None:
        self.children = _children(raw, where, build)
        self.cost = min(c.cost for c in self.children)
        self.embeds = any(c.embeds for c in self.children)
        # children grouped by cost, cheapest group first (each group in YAML order)
        self._levels = [
            [c for c in self.children if c.cost == cost]
            for cost in sorted({c.cost for c in self.children})
        ]

    def evaluate(self, ctx: QAContext) -> Match:
        hits = []
        matched = False
        for level in self._levels:
            for child in level:
                m = child.evaluate(ctx)
                matched |= m.matched
                hits += m.hits
            if matched:
                break
        return Match(matched, Match.of(hits).hits) if matched else Match(False)


class NotOf(Condition):
    """Holds when its child does not (no spans)."""

    kind = "not"

    def __init__(self, raw: Any, where: Where, build: Builder) -> None:
        self.child = build(raw, where)
        self.cost = self.child.cost
        self.embeds = self.child.embeds

    def evaluate(self, ctx: QAContext) -> Match:
        return Match(not self.child.evaluate(ctx).matched)
