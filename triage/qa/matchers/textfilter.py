"""Filters shared by text matchers: negation and the exclusion regex."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from triage.qa.context import QAContext
from triage.qa.matchers.base import Where, boolean, integer
from triage.qa.negation import DEFAULT_REACH, is_denied_or_reported, is_negated, is_restated


def compile_regex(raw: Any, where: Where) -> re.Pattern[str]:
    """Compile one pattern, naming the field on a syntax error."""
    if not isinstance(raw, str) or not raw:
        raise where.error("must be a non-empty regular expression string")
    try:
        return re.compile(raw, re.IGNORECASE)
    except re.error as exc:
        raise where.error(f"invalid regular expression: {exc}") from exc


@dataclass(frozen=True)
class HitFilter:
    """Drops hits that are negated or whose sentence matches ``exclude``.

    Attributes:
        negation: Drop hits preceded by a negator in the same clause.
        reach: How far before the hit a negator counts (characters).
        exclude: Drop hits whose sentence matches this regex.
        reported: Drop claims the speaker denies exist, reports from others or
            refutes (没有哪款是稳赚的, 您朋友说的稳赚, 保本高收益的都是诈骗).
        exclude_clause: Drop hits whose clause (split also at commas) matches
            this regex: for cues such as 您是说 that only cover their clause.
        restated: Drop hits inside the agent's restatement of the customer
            (您是说 … 对吗 over several clauses; :func:`~triage.qa.negation.is_restated`).
    """

    negation: bool = False
    reach: int = DEFAULT_REACH
    exclude: re.Pattern[str] | None = None
    exclude_clause: re.Pattern[str] | None = None
    reported: bool = False
    restated: bool = False

    KEYS = {"negation", "negation_reach", "exclude", "exclude_clause", "reported", "restated"}

    @classmethod
    def parse(cls, raw: Mapping[str, Any], where: Where) -> HitFilter:
        """Read the filter keys (``KEYS``) of a matcher mapping."""
        neg = boolean(raw["negation"], where.at("negation")) if "negation" in raw else False
        reach = DEFAULT_REACH
        if "negation_reach" in raw:
            reach = integer(raw["negation_reach"], where.at("negation_reach"), minimum=1)
        exc = compile_regex(raw["exclude"], where.at("exclude")) if "exclude" in raw else None
        clause = (
            compile_regex(raw["exclude_clause"], where.at("exclude_clause"))
            if "exclude_clause" in raw
            else None
        )
        rep = boolean(raw["reported"], where.at("reported")) if "reported" in raw else False
        res = boolean(raw["restated"], where.at("restated")) if "restated" in raw else False
        return cls(neg, reach, exc, clause, rep, res)

    def keep(self, ctx: QAContext, turn: int, start: int, end: int | None = None) -> bool:
        """Whether a hit starting at ``start`` of ``turn`` survives the filters.

        ``end`` (a scored clause's end) lets ``reported`` read the whole span.
        """
        text = ctx.folded[turn]
        if self.negation and is_negated(text, start, self.reach):
            return False
        if self.reported and is_denied_or_reported(text, start, end):
            return False
        if self.restated and is_restated(text, start, end):
            return False
        if self.exclude is not None:
            s, e = ctx.sentence_at(turn, start)
            if self.exclude.search(text, s, e):
                return False
        if self.exclude_clause is not None:
            s, e = clause_at(text, start)
            if self.exclude_clause.search(text, s, e):
                return False
        return True


# ASR transcripts often carry no punctuation, only spaces between phrases: a
# space between two Chinese characters ends a clause as a comma would.
_CLAUSE_END = re.compile(r"[，,。！？!?；;\n]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def clause_at(text: str, pos: int) -> tuple[int, int]:
    """Bounds of the clause of ``text`` containing ``pos``.

    Clauses end at ，。！？；, newlines, and spaces between Chinese characters
    (unpunctuated ASR text).
    """
    start = 0
    # Search past ``pos``: a space boundary right before the hit needs its
    # lookahead (the hit's first character) to be seen.
    for m in _CLAUSE_END.finditer(text, 0, min(len(text), pos + 1)):
        if m.end() > pos:
            break
        start = m.end()
    m = _CLAUSE_END.search(text, pos)
    return start, (m.start() if m else len(text))
