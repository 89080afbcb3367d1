"""Keyword sets: any / all / at-least-N / none, per turn or across the scope."""

from __future__ import annotations

import re
from typing import Any

from triage.qa.context import NO_MATCH, Match, QAContext
from triage.qa.matchers.base import (
    Condition,
    TurnScope,
    Where,
    boolean,
    check_keys,
    integer,
    mapping,
    memo_turn,
    str_list,
)
from triage.qa.matchers.textfilter import HitFilter
from triage.schema import Span


def _groups(raw: Any, where: Where) -> tuple[tuple[str, ...], ...]:
    """``all`` items: each a keyword or a list of alternative keywords."""
    if not isinstance(raw, list) or not raw:
        raise where.error("must be a non-empty list")
    return tuple(str_list(item, where.at(i)) for i, item in enumerate(raw))


class KeywordMatcher(Condition):
    """Keyword sets over the turns in scope.

    YAML::

        keywords:
          speaker: agent            # optional: agent / customer / system or a list
          window: {first: 1}        # optional: first N / last N turns of those speakers
          any: [您好, 你好]          # at least one of these
          all: [[您好, 你好], 工号]   # every item (an item may list alternatives)
          at_least: {n: 2, of: [..]} # at least n distinct keywords
          none: [..]                # none of these
          negation: true            # ignore negated hits (不保本 ≠ 保本)
          exclude: 存款|存单          # ignore hits whose sentence matches this regex
          across: false             # true: evaluate over all turns in scope together

    A turn qualifies when every clause given holds in it (``across: true``:
    over the scope as a whole). Hits are the spans of the keywords found.
    """

    kind = "keywords"

    def __init__(self, raw: Any, where: Where) -> None:
        body = mapping(raw, where)
        check_keys(
            body,
            TurnScope.KEYS | HitFilter.KEYS | {"any", "all", "at_least", "none", "across"},
            where,
        )
        self.scope = TurnScope.parse(body, where)
        self.filter = HitFilter.parse(body, where)
        self.any = str_list(body["any"], where.at("any")) if "any" in body else ()
        self.all = _groups(body["all"], where.at("all")) if "all" in body else ()
        self.none = str_list(body["none"], where.at("none")) if "none" in body else ()
        self.at_least_n = 0
        self.at_least_of: tuple[str, ...] = ()
        if "at_least" in body:
            al = mapping(body["at_least"], where.at("at_least"))
            check_keys(al, {"n", "of"}, where.at("at_least"))
            if "n" not in al or "of" not in al:
                raise where.at("at_least").error("needs both n and of")
            self.at_least_n = integer(al["n"], where.at("at_least").at("n"), minimum=1)
            self.at_least_of = str_list(al["of"], where.at("at_least").at("of"))
            if self.at_least_n > len(self.at_least_of):
                raise where.at("at_least").at("n").error("is larger than the number of keywords")
        if not (self.any or self.all or self.none or self.at_least_of):
            raise where.error("give at least one of any / all / at_least / none")
        self.across = boolean(body["across"], where.at("across")) if "across" in body else False
        words = set(self.any) | set(self.none) | set(self.at_least_of)
        for group in self.all:
            words |= set(group)
        self._words = {w: w.lower() for w in words}
        self._any_set = frozenset(self.any)
        self._none_set = frozenset(self.none)
        # One alternation as a prefilter: most turns hold none of the words.
        needles = sorted(set(self._words.values()), key=len, reverse=True)
        self._prefilter = re.compile("|".join(map(re.escape, needles)))

    def _find(self, ctx: QAContext, turns: list[int]) -> dict[str, list[Span]]:
        found: dict[str, list[Span]] = {}
        for i in turns:
            got = memo_turn(ctx, self, i, self._turn_words)
            for word, start, end in got:
                found.setdefault(word, []).append(Span(i, start, end))
        return found

    def _turn_words(self, ctx: QAContext, i: int) -> tuple[tuple[str, int, int], ...]:
        """``(keyword, start, end)`` of every kept hit in turn ``i``, keyword by keyword."""
        text = ctx.folded[i]
        if not self._prefilter.search(text):
            return ()
        out = []
        for word, needle in self._words.items():
            pos = text.find(needle)
            while pos != -1:
                if self.filter.keep(ctx, i, pos, hit_end=pos + len(needle)):
                    out.append((word, pos, pos + len(needle)))
                pos = text.find(needle, pos + 1)
        return tuple(out)

    def _qualifies(self, found: dict[str, list[Span]]) -> tuple[bool, list[Span]]:
        hits: list[Span] = []
        if self.any:
            got = [s for w, spans in found.items() if w in self._any_set for s in spans]
            if not got:
                return False, []
            hits += got
        for group in self.all:
            got = [s for w in group for s in found.get(w, ())]
            if not got:
                return False, []
            hits += got
        if self.at_least_of:
            present = [w for w in self.at_least_of if found.get(w)]
            if len(present) < self.at_least_n:
                return False, []
            hits += [s for w in present for s in found[w]]
        if self.none and not self._none_set.isdisjoint(found):
            return False, []
        return True, hits

    def evaluate(self, ctx: QAContext) -> Match:
        turns = self.scope.turns(ctx)
        if not turns:
            return NO_MATCH
        groups = [turns] if self.across else [[i] for i in turns]
        hits: list[Span] = []
        for group in groups:
            ok, got = self._qualifies(self._find(ctx, group))
            if ok:
                hits += got or [Span(i, 0, len(ctx.turns[i].text)) for i in group]
        return Match.of(hits)
