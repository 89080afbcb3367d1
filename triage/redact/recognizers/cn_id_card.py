"""Resident identity card numbers (GB 11643-1999).

18 characters: 6-digit division code, 8-digit birth date, 3-digit sequence and
a check character (ISO 7064 MOD 11-2, ``X`` for 10); first-generation cards
have 15 digits (2-digit year, no check digit). ASR may write the X as 叉 or
艾克斯 (:data:`~triage.redact.recognizers.base.ID_X`).
"""

from __future__ import annotations

from typing import ClassVar

from triage.redact.checksums import digits_only, id_structure_ok, valid_cn_id
from triage.redact.recognizers.base import (
    ID_X,
    SEP,
    PatternSpec,
    RegexRecognizer,
    digits,
    x_as_latin,
)


class CnIdCardRecognizer(RegexRecognizer):
    """18-digit (checked) and 15-digit resident ID numbers."""

    ENTITY: ClassVar[str] = "CN_ID_CARD"
    CONTEXT: ClassVar[tuple[str, ...]] = ("身份证", "证件号", "身份证号", "证件", "身份号码")
    PATTERNS: ClassVar[tuple[PatternSpec, ...]] = (
        PatternSpec("id18", rf"(?<!\d){digits(17)}{SEP}(?:\d|{ID_X})(?![\dA-Za-z])", 0.9),
        PatternSpec("id15", rf"(?<!\d){digits(15)}(?!\d)", 0.6),
        PatternSpec(
            "id_after_context",
            rf"{{ctx}}[^\d\n]{{0,8}}?(?<!\d)({digits(14, 18)}(?:{SEP}{ID_X})?)(?![\d])",
            0.7,
            group=1,
            validate=False,
        ),
    )

    def validate_result(self, value: str) -> bool | None:
        """GB 11643 check character (18) or structure (15)."""
        d = digits_only(x_as_latin(value))
        if len(d) == 15:
            return id_structure_ok(d)
        return valid_cn_id(d)
