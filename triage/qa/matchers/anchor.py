"""Anchors: a condition looked for relative to another condition's hits."""

from __future__ import annotations

from typing import Any

from triage.qa.context import Match, QAContext
from triage.qa.matchers.base import Builder, Condition, Where, check_keys, integer, mapping
from triage.schema import Span

RELATIONS = ("before", "after", "around")
HIT_MODES = ("first", "every")
EXPECT = ("present", "missing")


class AnchorMatcher(Condition):
    """Looks for ``find`` before / around / after the hits of ``anchor``.

    YAML::

        anchor:
          anchor: {regex: {speaker: agent, pattern: 余额(是|为)}}   # reference condition
          hit: every          # first: only the first anchor hit; every: each one
          relation: before    # where to look for `find`, relative to the anchor hit
          within: 5           # optional: at most this many turns away (around: default 2)
          find: {keywords: {speaker: agent, any: [核实, 验证]}}
          expect: missing     # present: hits are `find` hits in the windows;
                              # missing: hits are anchor hits whose window lacks `find`

    ``before``/``after`` compare (turn, character) positions, so an element
    earlier in the same turn counts as before. ``around`` is the anchor turn
    plus ``within`` turns either side.
    """

    kind = "anchor"

    def __init__(self, raw: Any, where: Where, build: Builder) -> None:
        body = mapping(raw, where)
        check_keys(body, {"anchor", "find", "relation", "hit", "within", "expect"}, where)
        for key in ("anchor", "find", "relation"):
            if key not in body:
                raise where.error(f"needs {key}")
        self.anchor = build(body["anchor"], where.at("anchor"))
        self.find = build(body["find"], where.at("find"))
        self.relation = self._choice(body, "relation", RELATIONS, where, None)
        self.hit = self._choice(body, "hit", HIT_MODES, where, "first")
        self.expect = self._choice(body, "expect", EXPECT, where, "present")
        default_within = 2 if self.relation == "around" else None
        self.within = (
            integer(body["within"], where.at("within"), minimum=0)
            if "within" in body
            else default_within
        )
        self.cost = max(self.anchor.cost, self.find.cost)
        self.embeds = self.anchor.embeds or self.find.embeds

    @staticmethod
    def _choice(body: Any, key: str, allowed: tuple[str, ...], where: Where, default: Any) -> str:
        val = body.get(key, default)
        if val not in allowed:
            raise where.at(key).error(f"must be one of {', '.join(allowed)}")
        return str(val)

    def _in_window(self, a: Span, f: Span) -> bool:
        dist = abs(a.turn - f.turn)
        if self.within is not None and dist > self.within:
            return False
        if self.relation == "before":
            return (f.turn, f.start) < (a.turn, a.start)
        if self.relation == "after":
            return (f.turn, f.start) > (a.turn, a.start)
        return True

    def evaluate(self, ctx: QAContext) -> Match:
        anchors = self.anchor.evaluate(ctx).hits
        if not anchors:
            return Match(False)
        if self.hit == "first":
            first_turn = anchors[0].turn
            anchors = tuple(a for a in anchors if a.turn == first_turn)[:1]
        found = self.find.evaluate(ctx).hits
        hits: list[Span] = []
        for a in anchors:
            near = [f for f in found if self._in_window(a, f)]
            if self.expect == "present":
                hits += near
            elif not near:
                hits.append(a)
        return Match.of(hits)
