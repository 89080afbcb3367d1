"""PII entities spoken in a turn (e.g. the agent reading out a full card number)."""

from __future__ import annotations

import re
from typing import Any

from triage.qa.context import Match, QAContext
from triage.qa.matchers.base import Condition, TurnScope, Where, check_keys, mapping, str_list
from triage.schema import PII_TYPES, Span


class EntityMatcher(Condition):
    """Turns in scope that contain a PII entity of the given types.

    Entities come from the redaction stage (turn indices) and from type tags
    left in the redacted text (``<BANK_CARD>``); the evidence span is the
    tag where one is present, else the whole turn.

    YAML::

        entity:
          speaker: agent
          types: [BANK_CARD, CN_ID_CARD]
    """

    kind = "entity"

    def __init__(self, raw: Any, where: Where) -> None:
        body = mapping(raw, where)
        check_keys(body, TurnScope.KEYS | {"types"}, where)
        if "types" not in body:
            raise where.error("needs types")
        self.types = str_list(body["types"], where.at("types"))
        bad = [t for t in self.types if t not in PII_TYPES]
        if bad:
            raise where.at("types").error(
                f"unknown PII type {bad[0]!r}; use {', '.join(PII_TYPES)}"
            )
        self.scope = TurnScope.parse(body, where)
        self._tag = re.compile("|".join(f"<{t}>" for t in self.types))

    def evaluate(self, ctx: QAContext) -> Match:
        wanted: set[int] = set()
        for t in self.types:
            wanted |= ctx.entity_turns.get(t, set())
        hits = []
        for i in self.scope.turns(ctx):
            if i not in wanted:
                continue
            text = ctx.turns[i].text
            tags = [Span(i, m.start(), m.end()) for m in self._tag.finditer(text)]
            hits += tags or [Span(i, 0, len(text))]
        return Match.of(hits)
