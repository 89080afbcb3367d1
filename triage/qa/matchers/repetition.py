"""Repetition: the same sentence or phrase said again and again."""

from __future__ import annotations

import re
from typing import Any

from triage.qa.context import Match, QAContext
from triage.qa.matchers.base import (
    Condition,
    TurnScope,
    Where,
    check_keys,
    integer,
    mapping,
    str_list,
)
from triage.schema import Span

_PUNCT = re.compile(r"[\s，。！？、；：,.!?;:~～…]+")


class RepetitionMatcher(Condition):
    """A sentence (or one of ``phrases``) occurring at least ``min_count`` times.

    YAML::

        repetition:
          speaker: agent
          min_count: 3
          min_chars: 4            # ignore short sentences (好的、嗯)
          phrases: [我说了]        # optional: count these phrases instead of sentences

    Evidence: every occurrence.
    """

    kind = "repetition"

    def __init__(self, raw: Any, where: Where) -> None:
        body = mapping(raw, where)
        check_keys(body, TurnScope.KEYS | {"min_count", "min_chars", "phrases"}, where)
        self.scope = TurnScope.parse(body, where)
        self.min_count = integer(body.get("min_count", 3), where.at("min_count"), minimum=2)
        self.min_chars = integer(body.get("min_chars", 4), where.at("min_chars"), minimum=1)
        self.phrases = str_list(body["phrases"], where.at("phrases")) if "phrases" in body else ()

    def evaluate(self, ctx: QAContext) -> Match:
        seen: dict[str, list[Span]] = {}
        for i in self.scope.turns(ctx):
            text = ctx.folded[i]
            if self.phrases:
                for p in self.phrases:
                    pos = text.find(p)
                    while pos != -1:
                        seen.setdefault(p, []).append(Span(i, pos, pos + len(p)))
                        pos = text.find(p, pos + 1)
                continue
            for s, e in ctx.sentences(i):
                key = _PUNCT.sub("", text[s:e])
                if len(key) >= self.min_chars:
                    seen.setdefault(key, []).append(Span(i, s, e))
        hits = [sp for spans in seen.values() if len(spans) >= self.min_count for sp in spans]
        return Match.of(hits)
