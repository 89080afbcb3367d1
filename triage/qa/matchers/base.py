"""Shared pieces of matchers: the condition interface, validation, turn scope.

Rules are data, matchers are code. Each matcher is a small class that parses
and validates its YAML mapping in ``__init__`` (raising errors that name the
file, rule and field) and answers :meth:`Condition.evaluate` with a
:class:`~triage.qa.context.Match`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from triage.errors import ConfigError
from triage.qa.context import NO_MATCH, Match, QAContext
from triage.schema import SPEAKERS, Span


@dataclass(frozen=True)
class Where:
    """Location of a YAML value, for error messages: file, rule and field path."""

    file: str
    rule: str
    path: str

    def at(self, key: str | int) -> Where:
        """The location of a child field."""
        sub = f"[{key}]" if isinstance(key, int) else (f".{key}" if self.path else key)
        return Where(self.file, self.rule, f"{self.path}{sub}")

    def error(self, problem: str) -> ConfigError:
        """A :class:`ConfigError` naming file, rule and field."""
        return ConfigError(f"{self.file}: rule {self.rule}: field '{self.path}': {problem}")


class Condition:
    """A typed condition over one interaction.

    Attributes:
        kind: The YAML key that selects this matcher.
        cost: 0 for cheap matchers, 1 for those that embed text (skipped in
            ``any`` once a cheap branch has matched).
        embeds: Whether this condition or one inside it embeds text.
        label: Optional Chinese label naming what the condition looks for,
            used in ``expected`` explanations when a required element is missing.
    """

    kind: ClassVar[str] = ""
    cost: int = 0
    embeds: bool = False
    label: str | None = None

    def evaluate(self, ctx: QAContext) -> Match:
        """Whether the condition holds on ``ctx`` and the spans that show it."""
        raise NotImplementedError


Builder = Callable[[Any, Where], Condition]

T = TypeVar("T")


def memo_turn(ctx: QAContext, owner: object, i: int, compute: Callable[[QAContext, int], T]) -> T:
    """``compute(ctx, i)``, memoised in ``ctx.memo`` by ``owner`` and turn ``i``'s text.

    For per-turn results that depend on the turn's text alone (filters read only
    that turn), so a live chat scores each turn once. Without a memo
    (``ctx.memo`` is None) it just computes.
    """
    memo = ctx.memo
    if memo is None:
        return compute(ctx, i)
    key = (owner, ctx.turns[i].text)
    got = memo.get(key)
    if got is None:
        got = memo[key] = compute(ctx, i)
    return got


def mapping(raw: Any, where: Where) -> Mapping[str, Any]:
    """``raw`` as a mapping, or a clear error."""
    if not isinstance(raw, Mapping):
        raise where.error(f"must be a mapping, got {type(raw).__name__}")
    return raw


def check_keys(raw: Mapping[str, Any], allowed: set[str], where: Where) -> None:
    """Reject unknown keys (typos must not silently disable a check)."""
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise where.error(
            f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )


def str_list(raw: Any, where: Where, *, allow_empty: bool = False) -> tuple[str, ...]:
    """A string or a list of non-empty strings."""
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        raise where.error("must be a string or a list of non-empty strings")
    if not raw and not allow_empty:
        raise where.error("must not be empty")
    return tuple(raw)


def number(raw: Any, where: Where, *, minimum: float = 0.0, maximum: float | None = None) -> float:
    """A number within bounds."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise where.error("must be a number")
    if raw < minimum or (maximum is not None and raw > maximum):
        hi = f" and <= {maximum}" if maximum is not None else ""
        raise where.error(f"must be >= {minimum}{hi}")
    return float(raw)


def integer(raw: Any, where: Where, *, minimum: int = 0) -> int:
    """An integer >= ``minimum``."""
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < minimum:
        raise where.error(f"must be an integer >= {minimum}")
    return raw


def boolean(raw: Any, where: Where) -> bool:
    """A YAML boolean."""
    if not isinstance(raw, bool):
        raise where.error("must be true or false")
    return raw


@dataclass(frozen=True)
class TurnScope:
    """Which turns a text matcher looks at: speaker role(s) and a window.

    Attributes:
        speakers: Roles to look at (None: all).
        first: Only the first N turns of those roles.
        last: Only the last N turns of those roles.
    """

    speakers: frozenset[str] | None = None
    first: int | None = None
    last: int | None = None

    KEYS: ClassVar[set[str]] = {"speaker", "window"}

    @classmethod
    def parse(cls, raw: Mapping[str, Any], where: Where) -> TurnScope:
        """Read ``speaker`` and ``window`` ({first: N} or {last: N}) from a matcher mapping."""
        speakers = None
        if "speaker" in raw:
            sp = str_list(raw["speaker"], where.at("speaker"))
            bad = [s for s in sp if s not in SPEAKERS]
            if bad:
                raise where.at("speaker").error(
                    f"unknown speaker {bad[0]!r}; use {', '.join(SPEAKERS)}"
                )
            speakers = frozenset(sp)
        first = last = None
        if "window" in raw:
            w = mapping(raw["window"], where.at("window"))
            check_keys(w, {"first", "last"}, where.at("window"))
            if len(w) != 1:
                raise where.at("window").error("give exactly one of first / last")
            if "first" in w:
                first = integer(w["first"], where.at("window").at("first"), minimum=1)
            else:
                last = integer(w["last"], where.at("window").at("last"), minimum=1)
        return cls(speakers, first, last)

    def turns(self, ctx: QAContext) -> list[int]:
        """Indices of the turns in scope."""
        idx = ctx.turns_of(self.speakers)
        if self.first is not None:
            idx = idx[: self.first]
        if self.last is not None:
            idx = idx[-self.last :]
        return idx


class TurnSpanMatcher(Condition):
    """A condition that holds on the spans it finds turn by turn in its scope.

    Subclasses set ``scope`` in ``__init__`` and implement :meth:`_turn_hits`,
    whose result (memoised with :func:`memo_turn`) must depend on the turn's
    text alone.
    """

    scope: TurnScope

    def evaluate(self, ctx: QAContext) -> Match:
        hits: list[Span] = []
        compute = self._turn_hits
        memo = ctx.memo
        if memo is None:
            for i in self.scope.turns(ctx):
                found = compute(ctx, i)
                if found:
                    hits += [Span(i, s, e) for s, e in found]
        else:  # memo_turn, inlined: a live chat re-reads every earlier turn per message
            turns = ctx.turns
            for i in self.scope.turns(ctx):
                key = (self, turns[i].text)
                found = memo.get(key)
                if found is None:
                    found = memo[key] = compute(ctx, i)
                if found:
                    hits += [Span(i, s, e) for s, e in found]
        return Match.of(hits) if hits else NO_MATCH

    def _turn_hits(self, ctx: QAContext, i: int) -> tuple[tuple[int, int], ...]:
        """``(start, end)`` of every kept hit in turn ``i`` (folded text offsets)."""
        raise NotImplementedError


def read_label(raw: Mapping[str, Any], where: Where) -> str | None:
    """The optional ``label`` of a condition."""
    if "label" not in raw:
        return None
    lab = raw["label"]
    if not isinstance(lab, str) or not lab:
        raise where.at("label").error("must be a non-empty string")
    return lab
