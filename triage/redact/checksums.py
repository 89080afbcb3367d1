"""Check-digit and structure validators for structured identifiers.

Pure functions over ASCII digit strings (separators already removed), shared
by the recognizers and by the evaluation generators.
"""

from __future__ import annotations

import datetime as _dt

#: GB 11643-1999 weights for the first 17 digits of a resident ID number.
_ID_WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
#: GB 11643-1999 check characters indexed by ``sum % 11``.
_ID_CHECK: str = "10X98765432"
#: First two digits of valid province-level division codes (GB/T 2260).
ID_PROVINCES: frozenset[str] = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
#: Valid first three digits of mainland mobile numbers (MIIT allocations incl. virtual operators).
MOBILE_PREFIXES: frozenset[str] = frozenset(
    [f"13{d}" for d in range(10)]
    + ["145", "146", "147", "148", "149"]
    + [f"15{d}" for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)]
    + ["162", "165", "166", "167"]
    + [f"17{d}" for d in range(9)]
    + [f"18{d}" for d in range(10)]
    + [f"19{d}" for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)]
)


def digits_only(value: str) -> str:
    """The ASCII digits (and a trailing X) of ``value``, separators removed."""
    return "".join(c for c in value if c.isdigit() or c in "Xx").upper()


def id_check_char(first17: str) -> str:
    """GB 11643 check character for the first 17 digits of an ID number."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        day = _dt.date(y, m, d)
    except ValueError:
        return False
    return _dt.date(1900, 1, 1) <= day <= _dt.date.today()


def id_structure_ok(value: str) -> bool:
    """Province code and birth date of an 18- or 15-digit ID number are plausible."""
    if len(value) == 18:
        if not value[:17].isdigit():
            return False
        birth = (int(value[6:10]), int(value[10:12]), int(value[12:14]))
    elif len(value) == 15:
        if not value.isdigit():
            return False
        birth = (1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))
    else:
        return False
    return value[:2] in ID_PROVINCES and _valid_date(*birth)


def valid_cn_id(value: str) -> bool:
    """GB 11643-1999: 18-character resident ID with a valid check character.

    15-digit first-generation numbers (no check digit) pass on structure alone.
    """
    value = value.upper()
    if not id_structure_ok(value):
        return False
    if len(value) == 15:
        return True
    return id_check_char(value[:17]) == value[17]


def luhn_ok(value: str) -> bool:
    """ISO/IEC 7812-1 (Luhn) check over a digit string."""
    if not value.isdigit() or len(value) < 2:
        return False
    total = 0
    for i, ch in enumerate(reversed(value)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """The Luhn check digit to append to ``payload``."""
    for d in "0123456789":
        if luhn_ok(payload + d):
            return d
    raise ValueError("unreachable")


def valid_mobile(value: str) -> bool:
    """An 11-digit mainland mobile number with an allocated prefix."""
    return len(value) == 11 and value.isdigit() and value[:3] in MOBILE_PREFIXES
