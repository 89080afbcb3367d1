"""Character prefilters for regular expressions: skip a pattern that cannot match a text.

A rule's regex matcher may hold dozens of patterns, and most turns match none
of them. Calling ``finditer`` for each pattern on each turn costs far more
than a set test, so each pattern is reduced once, from its parse tree, to
characters every match must contain:

- ``required``: characters each of which every match contains (a literal
  outside any optional part: ``验证码`` in ``(告诉|报)我.{0,6}验证码``);
- ``any_of``: sets of which every match contains at least one character (a
  mandatory alternation or character class: ``{告, 报}`` above).

:meth:`CharFilter.may_match` answers from the set of characters of a text;
False means the pattern has no match in it, True means it may have one. The
reduction is conservative: anything it does not understand (case-sensitive
letters under ``IGNORECASE``, categories, negated classes, wide ranges,
look-arounds, back-references, optional or repeated-zero parts) adds no
condition, so a pattern it cannot reduce is always run.
"""

from __future__ import annotations

import _sre
import re
from dataclasses import dataclass
from typing import Any

try:  # Python 3.11+: the parser is private; sre_parse is a deprecated alias
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

#: A character class or alternation wider than this adds no condition (a set
#: test against many characters filters little and costs more).
MAX_SET = 64

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}
if hasattr(_c, "POSSESSIVE_REPEAT"):
    _REPEATS.add(_c.POSSESSIVE_REPEAT)
_GROUPS = {_c.SUBPATTERN}
if hasattr(_c, "ATOMIC_GROUP"):
    _GROUPS.add(_c.ATOMIC_GROUP)

Conditions = list[frozenset[str]]


def _uncased(code: int) -> bool:
    """A character ``IGNORECASE`` matches only as itself (no case variants)."""
    ch = chr(code)
    return (
        not _sre.unicode_iscased(code)
        and ch.lower() == ch
        and ch.upper() == ch
        and ch.casefold() == ch
    )


def _charset(items: Any) -> frozenset[str] | None:
    """The characters a character class ``[...]`` matches, when few and uncased."""
    out: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            codes = [av]
        elif op is _c.RANGE:
            lo, hi = av
            if hi - lo + 1 > MAX_SET:
                return None
            codes = list(range(lo, hi + 1))
        else:  # NEGATE, CATEGORY, ...: not a small fixed set
            return None
        if not all(_uncased(c) for c in codes):
            return None
        out.update(map(chr, codes))
        if len(out) > MAX_SET:
            return None
    return frozenset(out) if out else None


# Rough commonness, for choosing which condition to index a pattern by (speed
# only, never results): the most frequent characters of written Chinese (first
# 100, then the next 400, by the usual frequency order) and of service talk.
_COMMON_TOP = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后"
    "作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开"
    "您吗呢吧啊嗯哦请谢"
)
_COMMON_NEXT = (
    "但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并"
    "物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先"
    "海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才"
    "结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书"
    "非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领"
    "共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转"
    "嘛哈呀喂帮查卡钱银号码稍等"
)
_WEIGHT = {ch: 3 for ch in _COMMON_NEXT}
_WEIGHT.update({ch: 8 for ch in _COMMON_TOP})


def cost(cond: frozenset[str]) -> int:
    """How often a text is expected to meet ``cond`` (a rough rank, lower is rarer)."""
    return sum(_WEIGHT.get(ch, 1) for ch in cond)


def _best(conds: Conditions) -> frozenset[str] | None:
    """The single most selective condition of a list (rarest characters)."""
    return min(conds, key=cost) if conds else None


def _conditions(seq: Any) -> Conditions:
    """Conditions every match of the node sequence ``seq`` satisfies."""
    out: Conditions = []
    for op, av in seq:
        if op is _c.LITERAL:
            if _uncased(av):
                out.append(frozenset(chr(av)))
        elif op is _c.IN:
            got = _charset(av)
            if got is not None:
                out.append(got)
        elif op in _GROUPS:
            out += _conditions(av[-1])
        elif op in _REPEATS:
            lo, _hi, sub = av
            if lo >= 1:
                out += _conditions(sub)
        elif op is _c.BRANCH:
            union: set[str] = set()
            for alt in av[1]:
                best = _best(_conditions(alt))
                if best is None:
                    union = set()
                    break
                union |= best
                if len(union) > MAX_SET:
                    union = set()
                    break
            if union:
                out.append(frozenset(union))
        # ANY, NOT_LITERAL, AT, ASSERT, ASSERT_NOT, GROUPREF, GROUPREF_EXISTS, ...:
        # no condition
    return out


@dataclass(frozen=True, slots=True)
class CharFilter:
    """Characters every match of one pattern contains (see the module docstring).

    Attributes:
        required: Each of these characters is in every match.
        any_of: Every match holds at least one character of each set.
    """

    required: frozenset[str]
    any_of: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> CharFilter:
        """The filter of a compiled pattern (no condition where it cannot tell)."""
        try:
            tree = _sre_parse.parse(pattern.pattern, pattern.flags)
        except Exception:  # noqa: BLE001 - compiled already; an odd parse just disables it
            return cls(frozenset(), ())
        conds = _conditions(tree)
        required = frozenset(ch for c in conds if len(c) == 1 for ch in c)
        any_of = {c for c in conds if len(c) > 1 and required.isdisjoint(c)}
        return cls(required, tuple(sorted(any_of, key=len)))

    @property
    def empty(self) -> bool:
        """Whether the filter passes every text."""
        return not self.required and not self.any_of

    def may_match(self, chars: frozenset[str] | set[str]) -> bool:
        """False when a text with these characters cannot hold a match."""
        return self.required <= chars and not any(map(chars.isdisjoint, self.any_of))

    def key(self) -> frozenset[str] | None:
        """The rarest single condition (None: the filter has none)."""
        return _best([frozenset(ch) for ch in self.required] + list(self.any_of))


class PatternIndex:
    """Which of a list of patterns may match a text, from the text's characters.

    Each pattern is indexed by its rarest condition (:meth:`CharFilter.key`);
    a text's candidates are the patterns indexed by one of its characters (and
    those without a condition), checked against their whole filter.

    Args:
        patterns: The compiled patterns, in order.
    """

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self.filters = [CharFilter.of(p) for p in patterns]
        self._always: tuple[int, ...] = tuple(k for k, f in enumerate(self.filters) if f.empty)
        index: dict[str, list[int]] = {}
        for k, f in enumerate(self.filters):
            key = f.key()
            for ch in key or ():
                index.setdefault(ch, []).append(k)
        self._index = {ch: tuple(ks) for ch, ks in index.items()}
        self._keys = frozenset(index)
        self._checks = [(f.required, f.any_of) for f in self.filters]

    def candidates(self, chars: frozenset[str]) -> list[int]:
        """Indices (ascending) of the patterns that may match a text with ``chars``."""
        found = self._keys.intersection(chars)
        if not found:
            return list(self._always)
        cand = set(self._always)
        for ch in found:
            cand.update(self._index[ch])
        checks = self._checks
        out = []
        for k in sorted(cand):
            required, any_of = checks[k]
            if required <= chars and not any(map(chars.isdisjoint, any_of)):
                out.append(k)
        return out
