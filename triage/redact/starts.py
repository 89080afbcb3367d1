"""Search a regex only where a match can start: at the characters its matches begin with.

Python's ``re`` finds the first character of a match quickly only when the
pattern begins with a literal or a character class it can test case-sensitively.
A pattern that begins with a look-behind (``(?<![A-Za-z])(?:OTP|PIN|…)``) or
with letters under ``IGNORECASE`` (``(?:验证码|…|CVV2)``, every recognizer
compiles with ``re.I``) is instead tried at every position of the text: the
verification-code patterns cost 30-90 ns per character that way.

:func:`start_scanner` reads from the pattern's parse tree the characters a
match can begin with (look-arounds and anchors consume nothing, so they are
skipped; optional parts add their first characters and let the next part's in)
and compiles them into one character class with the pattern's flags, so case
folding is the pattern's own. :func:`finditer` then tries the pattern only at
the positions of those characters, with ``pattern.match(text, pos)`` (look-behinds
and anchors still see the whole text), and resumes after each match: the same
matches as ``pattern.finditer(text)``, since a match of a pattern that cannot
match the empty string consumes its first character.

A scanner is only built where it pays: the pattern begins with a look-around,
an anchor, or a cased letter under ``IGNORECASE``, and its first characters
are a few literal characters (a class of digits or letters starts too many
tries: each costs a Python call, ~0.4 us, against ~20 ns per character for
``re``'s own scan).
"""

from __future__ import annotations

import _sre
import re
from collections.abc import Iterator
from typing import Any

try:  # Python 3.11+: the parser is private; sre_parse is a deprecated alias
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}
if hasattr(_c, "POSSESSIVE_REPEAT"):
    _REPEATS.add(_c.POSSESSIVE_REPEAT)
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}
#: More distinct first characters than this: the scan would stop too often to pay.
MAX_FIRST = 48


class _Unknown(Exception):
    """The parse tree holds a node whose first characters are not read here."""


def _class_codes(items: Any) -> list[int]:
    """The code points of a character class of literals and short ranges."""
    codes: list[int] = []
    for op, av in items:
        if op is _c.LITERAL:
            codes.append(av)
        elif op is _c.RANGE and av[1] - av[0] < MAX_FIRST:
            codes += range(av[0], av[1] + 1)
        else:  # NEGATE, CATEGORY (\d, \s, \w), wide ranges
            raise _Unknown
    return codes


def _first(seq: Any) -> tuple[list[int], bool, bool]:
    """First characters of the node sequence ``seq``.

    Returns:
        The code points a match of ``seq`` can begin with (only literals), whether
        ``seq`` can match the empty string, and whether a zero-width node comes
        before its first character.

    Raises:
        _Unknown: A negated class, a category (``\\d``), a wide range, a wildcard,
            a back-reference, a group with its own flags or another node.
    """
    codes: list[int] = []
    lead = False
    for op, av in seq:
        if op is _c.LITERAL:
            codes.append(av)
            return codes, False, lead
        if op is _c.IN:
            codes += _class_codes(av)
            return codes, False, lead
        if op in _ZERO_WIDTH:
            lead = True
            continue
        if op is _c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise _Unknown
            got, empty, sub_lead = _first(sub)
        elif hasattr(_c, "ATOMIC_GROUP") and op is _c.ATOMIC_GROUP:
            got, empty, sub_lead = _first(av)
        elif op in _REPEATS:
            lo, _hi, sub = av
            got, empty, sub_lead = _first(sub)
            empty = empty or lo == 0
        elif op is _c.BRANCH:
            got, empty, sub_lead = [], False, False
            for alt in av[1]:
                alt_codes, alt_empty, alt_lead = _first(alt)
                got += alt_codes
                empty = empty or alt_empty
                sub_lead = sub_lead or alt_lead
        else:  # ANY, NOT_LITERAL, GROUPREF, ...
            raise _Unknown
        codes += got
        lead = lead or sub_lead
        if not empty:
            return codes, False, lead
    return codes, True, lead


def start_scanner(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A character class of the characters every match of ``pattern`` begins with.

    Returns None where the pattern's first characters are not a few literals,
    where it can match the empty string, or where ``re`` scans for it fast
    itself (see the module docstring).
    """
    try:
        codes, empty, lead = _first(_sre_parse.parse(pattern.pattern, pattern.flags).data)
    except (_Unknown, re.error, RecursionError):
        return None
    distinct = sorted(set(codes))
    if empty or not distinct or len(distinct) > MAX_FIRST:
        return None
    cased = bool(pattern.flags & re.IGNORECASE) and any(map(_sre.unicode_iscased, distinct))
    if not (lead or cased):
        return None
    flags = pattern.flags & ~re.VERBOSE
    return re.compile("[" + "".join(f"\\U{c:08x}" for c in distinct) + "]", flags)


def finditer(
    pattern: re.Pattern[str], scanner: re.Pattern[str] | None, text: str
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, trying the pattern only where ``scanner`` finds a start.

    Args:
        pattern: The pattern.
        scanner: Its :func:`start_scanner` (None: plain ``finditer``).
        text: The text.
    """
    if scanner is None:
        yield from pattern.finditer(text)
        return
    match = pattern.match
    resume = 0
    for start in scanner.finditer(text):
        pos = start.start()
        if pos < resume:
            continue
        m = match(text, pos)
        if m is not None:
            yield m
            resume = m.end()  # a match is never empty, so the next starts after it


def search(
    pattern: re.Pattern[str], scanner: re.Pattern[str] | None, text: str
) -> re.Match[str] | None:
    """``pattern.search(text)``, trying the pattern only where ``scanner`` finds a start."""
    if scanner is None:
        return pattern.search(text)
    return next(finditer(pattern, scanner, text), None)
