"""Mainland China phone numbers: mobiles, landlines with area code, +86.

Mobile numbers are 11 digits with an allocated prefix (MIIT numbering plan,
see :data:`triage.redact.checksums.MOBILE_PREFIXES`); landlines are an area
code (010, 02x, 0xxx) plus 7-8 digits. Service hotlines (95588, 400/800
numbers) are not personal and are not matched.
"""

from __future__ import annotations

import re
from typing import ClassVar

from triage.redact.checksums import digits_only, valid_mobile
from triage.redact.recognizers.base import (
    NOT_A_QUANTITY,
    SEP,
    SPEAKER_MARKERS,
    Finding,
    NlpView,
    PatternSpec,
    RegexRecognizer,
    digits,
)

_CC = rf"(?:(?:\+|00){SEP}86{SEP}|(?<!\d))"
_AREA = r"(?:\(?0(?:10|2\d|[3-9]\d\d)\)?)"
#: A digit as the normaliser may leave it in a number read in pairs (三十四, 三十9, 07).
_D = "0-9零〇一二三四五六七八九幺两洞拐"
_DIGIT_OF = dict(zip("零〇一二三四五六七八九幺两洞拐", "001234567891207", strict=True))
#: A nonzero digit (the tens or ones of a tens word: 三十四, 十三, 七十; 零 is a digit alone).
_NZ = "1-9一二三四五六七八九幺两拐"
#: A number of one or two digits as said in a number read in pairs (三十四, 十三, 七十, 5).
_PAIR = re.compile(rf"[{_NZ}]?十[{_NZ}]?|[{_D}]")
#: A mobile read in two-digit numbers (一 三十四 七十六 三十九 零七 三十四): digits, tens
#: words and spaces (the normaliser may drop the spaces: 一三十四七十六…).
_PAIRS = rf"(?<![{_D}十])([{_D}十](?:\s?[{_D}十]){{5,40}})(?![{_D}十])"


def _pair_digits(group: str) -> str:
    """The digits a run of a number read in pairs stands for (三十四 -> 34, 十三 -> 13).

    Each spaced group is read left to right, a tens word first where one fits.
    """
    out = []
    for word in group.split():
        for m in _PAIR.finditer(word):
            tok = m.group()
            if "十" in tok:
                tens, _, ones = tok.partition("十")
                out.append(_DIGIT_OF.get(tens, tens or "1") + _DIGIT_OF.get(ones, ones or "0"))
            else:
                out.append(_DIGIT_OF.get(tok, tok))
    return "".join(out)


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

    def __init__(self, context=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context)
        ctx = "|".join(re.escape(w) for w in sorted(self.context, key=len, reverse=True))
        cue = ctx or "(?!)"
        # after a cue word in the same line, or at the start of the customer's line after the
        # agent asked for the number
        self._pairs = re.compile(
            rf"(?:(?:{cue})[^\d\n{_D}十]{{0,6}}?|(?:{cue})[^\n]*\n{SPEAKER_MARKERS['customer']}"
            rf"[^\d\n{_D}十]{{0,6}}?){_PAIRS}"
        )

    def find(self, text: str, nlp: NlpView) -> list[Finding]:
        """The patterns, and a mobile read in two-digit numbers after a phone cue.

        A caller may read a mobile as numbers of two digits (一 三十四 七十六 三十九 零七
        三十四: 1 34 76 39 07 34); the normaliser leaves such tens words (they are amounts
        elsewhere). After a cue word (or at the start of the customer's answer to the
        agent's question for it), a run of numerals, spaced or not, with at least one tens
        word that stands for exactly an 11-digit mobile with an allocated prefix is one.
        """
        out = super().find(text, nlp)
        if "十" not in text:
            return out
        for m in self._pairs.finditer(text):
            run = m.group(1)
            if "十" not in run:
                continue
            got = _pair_digits(run)
            if len(got) == 11 and valid_mobile(got):
                out.append(Finding(*m.span(1), self.ENTITY, 0.8, self.name))
        return out

    def validate_result(self, value: str) -> bool | None:
        """Mobiles need an allocated prefix."""
        d = digits_only(value)
        if d.startswith("0086"):
            d = d[4:]
        elif d.startswith("86") and len(d) == 13:
            d = d[2:]
        return valid_mobile(d)
