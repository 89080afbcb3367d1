"""Similarity of sentences to a rule's example phrasings (optional slow path)."""

from __future__ import annotations

from typing import Any

from triage.qa.context import NO_MATCH, Match, QAContext
from triage.qa.matchers.base import (
    Condition,
    TurnScope,
    Where,
    check_keys,
    integer,
    mapping,
    number,
    str_list,
)
from triage.qa.matchers.textfilter import HitFilter
from triage.schema import Span


class SimilarityMatcher(Condition):
    """Sentences whose embedding is close to one of ``examples``.

    Runs only when the QA stage enables similarity (``similarity: true``);
    otherwise it never holds, so keep a keyword/regex branch beside it in an
    ``any`` for the fast path. Each sentence of the interaction is embedded
    once and shared by every rule; example embeddings are cached per process.

    YAML::

        similar:
          speaker: agent
          examples: [理财产品不是存款，投资有风险, 过往业绩不代表未来表现]
          threshold: 0.6
          min_chars: 4
          negation: false
    """

    kind = "similar"
    cost = 1
    embeds = True

    def __init__(self, raw: Any, where: Where) -> None:
        body = mapping(raw, where)
        check_keys(
            body, TurnScope.KEYS | HitFilter.KEYS | {"examples", "threshold", "min_chars"}, where
        )
        if "examples" not in body or "threshold" not in body:
            raise where.error("needs examples and threshold")
        self.examples = str_list(body["examples"], where.at("examples"))
        self.threshold = number(body["threshold"], where.at("threshold"), maximum=1.0)
        self.min_chars = integer(body.get("min_chars", 4), where.at("min_chars"), minimum=1)
        self.scope = TurnScope.parse(body, where)
        self.filter = HitFilter.parse(body, where)

    def evaluate(self, ctx: QAContext) -> Match:
        if not ctx.similarity:
            return NO_MATCH
        from triage.qa.embedder import reference_vectors

        units: list[Span] = []
        for i in self.scope.turns(ctx):
            text = ctx.turns[i].text
            for s, e in ctx.sentences(i):
                if len(text[s:e].strip()) >= self.min_chars and self.filter.keep(ctx, i, s, e):
                    units.append(Span(i, s, e))
        if not units:
            return NO_MATCH
        vecs = ctx.vectors([ctx.turns[u.turn].text[u.start : u.end].strip() for u in units])
        sims = vecs @ reference_vectors(self.examples).T
        best = sims.max(axis=1)
        return Match.of(u for u, b in zip(units, best, strict=True) if b >= self.threshold)
