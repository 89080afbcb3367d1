"""Money amounts in customer speech: 5万, 五万, 两千五, 一万二, 50,000元, 3.5万.

Used by the severity signals (large amounts). Only amounts with a money unit
(元/块/万/千…) or with thousands separators count, so card tails and years
are not amounts.
"""

from __future__ import annotations

import re

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}
_ARABIC = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万|千|w|k)?\s*(元|块|圆|rmb|人民币)?", re.I)
_CHINESE = re.compile(r"([零〇一幺二两三四五六七八九十百千万亿]+)\s*(元|块|圆)?")


def chinese_to_int(s: str) -> int | None:
    """Value of a Chinese numeral (两千五 = 2500, 一万二 = 12000); None if not a number."""
    if not s or any(ch not in _CN_DIGIT and ch not in _CN_UNIT for ch in s):
        return None
    total = 0
    section = 0
    number = 0
    last_unit = 1
    zero_seen = False
    for ch in s:
        if ch in _CN_DIGIT:
            number = _CN_DIGIT[ch]
            zero_seen = zero_seen or number == 0
        else:
            unit = _CN_UNIT[ch]
            if unit >= 10000:
                section = (section + number) * unit
                total += section
                section = 0
            else:
                section += (number or (1 if unit == 10 else 0)) * unit
            number = 0
            last_unit = unit
            zero_seen = False
    if number and zero_seen:
        section += number
    elif number:
        # 两千五 / 一万二: a trailing digit is one order below the last unit
        section += number * (last_unit // 10 if last_unit >= 100 else 1)
    return total + section


def find_amounts(text: str) -> list[float]:
    """Amounts in yuan mentioned in ``text`` (with a unit or separators)."""
    out: list[float] = []
    for m in _ARABIC.finditer(text):
        raw, mult, unit = m.group(1), m.group(2), m.group(3)
        if not (mult or unit or "," in raw):
            continue
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            continue
        if mult:
            value *= 10000 if mult.lower() in ("万", "w") else 1000
        out.append(value)
    for m in _CHINESE.finditer(text):
        raw, unit = m.group(1), m.group(2)
        if not unit and not any(u in raw for u in "千万亿"):
            continue
        value = chinese_to_int(raw)
        if value:
            out.append(float(value))
    return out
