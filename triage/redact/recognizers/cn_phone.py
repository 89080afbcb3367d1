"""Mainland China phone numbers: mobiles, landlines with area code, +86.

Mobile numbers are 11 digits with an allocated prefix (MIIT numbering plan,
see :data:`triage.redact.checksums.MOBILE_PREFIXES`); landlines are an area
code (010, 02x, 0xxx) plus 7-8 digits. Service hotlines (95588, 400/800
numbers) are not personal and are not matched.
"""

from __future__ import annotations

from typing import ClassVar

from triage.redact.checksums import digits_only, valid_mobile
from triage.redact.recognizers.base import (
    NOT_A_QUANTITY,
    SEP,
    PatternSpec,
    RegexRecognizer,
    digits,
)

_CC = rf"(?:(?:\+|00){SEP}86{SEP}|(?<!\d))"
_AREA = r"(?:\(?0(?:10|2\d|[3-9]\d\d)\)?)"


class CnPhoneRecognizer(RegexRecognizer):
    """Mobile and landline numbers in any written or spoken (normalised) form."""

    ENTITY: ClassVar[str] = "PHONE_NUMBER"
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "电话",
        "手机",
        "号码",
        "座机",
        "固话",
        "联系方式",
        "打给",
        "回电",
        "致电",
        "微信",
    )
    PATTERNS: ClassVar[tuple[PatternSpec, ...]] = (
        PatternSpec("mobile", rf"{_CC}1{SEP}[3-9]{SEP}{digits(9)}(?!\d)", 0.9),
        PatternSpec(
            "landline", rf"(?<!\d){_AREA}{SEP}[2-9]{SEP}{digits(6, 7)}(?!\d)", 0.75, validate=False
        ),
        PatternSpec(
            "landline_intl",
            rf"(?:\+|00){SEP}86{SEP}(?:10|2\d|[3-9]\d\d){SEP}[2-9]{SEP}{digits(6, 7)}(?!\d)",
            0.8,
            validate=False,
        ),
        PatternSpec(
            # an extension: after 分机/内线, or 转 right after a landline (…4567转801)
            "extension",
            rf"(?:分机号?|内线|(?<=\d)\s?转)[码是为：:\s]{{0,3}}(\d(?:{SEP}\d){{1,5}})(?!\d)"
            + NOT_A_QUANTITY,
            0.8,
            group=1,
            validate=False,
        ),
        PatternSpec(
            "mobile_after_context",  # an 11-digit number after 手机/电话 even if the prefix is odd
            rf"{{ctx}}[^\d\n]{{0,6}}?(?<!\d)(1{SEP}{digits(10)})(?!\d)",
            0.6,
            group=1,
            validate=False,
        ),
        PatternSpec(
            "local_after_context",
            rf"{{ctx}}[^\d\n]{{0,6}}?(?<!\d)([2-9]{SEP}{digits(6, 7)})(?!\d)",
            0.6,
            group=1,
            validate=False,
        ),
    )

    def validate_result(self, value: str) -> bool | None:
        """Mobiles need an allocated prefix."""
        d = digits_only(value)
        if d.startswith("0086"):
            d = d[4:]
        elif d.startswith("86") and len(d) == 13:
            d = d[2:]
        return valid_mobile(d)
