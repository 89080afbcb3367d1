"""Phone numbers: mainland mobiles and landlines with area code, +86, and numbers written
with another country's code (+852 5678 1234).

Mobile numbers are 11 digits with an allocated prefix (MIIT numbering plan,
see :data:`triage.redact.checksums.MOBILE_PREFIXES`), or any ``1[3-9]x`` prefix
when written in the mobile's own 3-4-4 layout (169 0487 7321: SPEC §4 names the
11-digit mobile, the prefix list only keeps ungrouped digit runs apart from
other numbers, and it lags new allocations); landlines are an area
code (010, 02x, 0xxx) plus 7-8 digits. Service hotlines (95588, 400/800
numbers) are not personal and are not matched.
"""

from __future__ import annotations

import re
from typing import ClassVar

from triage.redact.checksums import digits_only, valid_mobile
from triage.redact.recognizers.asked_number import TOLL_NUMBER
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
#: The label of another kind of number right before digits (发票号码 94426694: an invoice;
#: 用户编号 0512 8837 2641: a utility's customer number shaped like a landline).
_OTHER_LABEL = re.compile(
    r"(?:(?:发票|订单|保单|合同|运单|快递单?|工单|流水|批次|注册|案件|报案|执照|参考)(?:号码|号)|编号"
    rf"|{TOLL_NUMBER})[是为：:\s]{{0,3}}$"
)
#: Between the groups of a number written with a country code: a space or a dash.
_INTL_SEP = r"[\s\-‐–—]?"
_AREA = r"(?:\(?0(?:10|2\d|[3-9]\d\d)\)?)"
#: A digit as the normaliser may leave it in a number read in pairs (三十四, 三十9, 07).
_D = "0-9零〇一二三四五六七八九幺两洞拐"
_DIGIT_OF = dict(zip("零〇一二三四五六七八九幺两洞拐", "001234567891207", strict=True))
#: A nonzero digit (the tens or ones of a tens word: 三十四, 十三, 七十; 零 is a digit alone).
_NZ = "1-9一二三四五六七八九幺两拐"
#: A number of one or two digits as said in a number read in pairs (三十四, 十三, 七十, 5).
_PAIR = re.compile(rf"[{_NZ}]?十[{_NZ}]?|[{_D}]")
#: A number of three or four digits said with 百/千 (一百三十五, 一千六百四十二, 四千一百五十八,
#: 一千零五, 三百零八); groups: thousands, hundreds, tens, ones.
_BIG = re.compile(
    rf"(?:([{_NZ}])千(?:([{_D}])百|零)?|([{_NZ}])百)(?:([{_NZ}]?)十|零)?([{_D}])?(?![百千])"
)
#: Words that read digits as a number (tens, hundreds, thousands).
_PLACE_WORDS = "十百千"
#: A mobile read in two-digit numbers (一 三十四 七十六 三十九 零七 三十四) or in groups said as
#: numbers (一百三十五 一千六百四十二 四千一百五十八): digits, place words and spaces (the
#: normaliser may drop the spaces: 一三十四七十六…).
_PAIRS = rf"(?<![{_D}十百千])([{_D}十百千](?:\s?[{_D}十百千]){{5,40}})(?![{_D}十百千])"


def _big_digits(m: re.Match[str]) -> str:
    """The digits of a number said with 百/千 (一千零五 -> 1005, 一百三十五 -> 135)."""
    thousands, hundreds_after, hundreds, tens, ones = m.groups()
    tok = m.group()
    if thousands is not None:
        if hundreds_after is None and "零" not in tok[:3] and ones is not None and tens is None:
            # 一千六: colloquial 1600, not 1006
            return _DIGIT_OF.get(thousands, thousands) + _DIGIT_OF.get(ones, ones) + "00"
        head = _DIGIT_OF.get(thousands, thousands) + _DIGIT_OF.get(hundreds_after or "0", "0")
    else:
        head = _DIGIT_OF.get(hundreds, hundreds)
    if tens is not None:
        ten = _DIGIT_OF.get(tens, tens or "1")
    else:
        ten = "0"
    if tens is None and ones is not None and "零" not in tok and thousands is None:
        # 一百三: colloquial 130
        return head + _DIGIT_OF.get(ones, ones) + "0"
    return head + ten + _DIGIT_OF.get(ones or "0", ones or "0")


def _pair_digits(group: str) -> str:
    """The digits a run of a number read in pairs stands for (三十四 -> 34, 十三 -> 13).

    Each spaced group is read left to right, a tens word first where one fits.
    """
    out = []
    for word in group.split():
        k = 0
        while k < len(word):
            big = _BIG.match(word, k)
            if big is not None:
                out.append(_big_digits(big))
                k = big.end()
                continue
            m = _PAIR.match(word, k)
            if m is None:
                k += 1
                continue
            k = m.end()
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
            # 169 0487 7321, 164-2233-5566: the 3-4-4 layout says mobile whatever the prefix;
            # not a part of a longer grouped number (164 2233 5566 7, 6222 1642 2335 5661)
            "mobile_layout",
            r"(?<![\d\-])(?<!\d\s)(?:(?:\+|00)\s?86[\s\-]?)?1[3-9]\d([\s\-])\d{4}\1\d{4}"
            r"(?![\d\-])(?!\s\d)",
            0.85,
            validate=False,
        ),
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
            # a number outside the mainland written with its country code (+852 5678 1234,
            # +44 20 7946 0018, 00886 912 345 678): + or 00, a code of one to three digits,
            # then seven to twelve digits; not inside a grouped number (九二四四零三 零零六一…);
            # not an amount (+1,234,567.00, +12345678元, +12345678.50)
            "international",
            rf"(?<!\d)(?<!\d[\s\-‐–—])(?:\+|00)\s?(?!86)[1-9]\d{{0,2}}{_INTL_SEP}"
            rf"\d(?:{_INTL_SEP}\d){{6,11}}(?![\d.,]){NOT_A_QUANTITY}",
            0.8,
            validate=False,
        ),
        PatternSpec(
            # an extension: after 分机/内线, or 转 right after a landline (…4567转801), not
            # after a five-digit service number (营业部 九五五幺一 转 八零三: the firm's desk)
            "extension",
            rf"(?:分机号?|内线|(?<=\d)(?<!(?<!\d)[19]\d{{4}})\s?转)[码是为：:\s]{{0,3}}(\d(?:{SEP}\d){{1,5}})(?!\d)"
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
            rf"(?:(?:{cue})[^\d\n{_D}十百千]{{0,6}}?|(?:{cue})[^\n]*\n{SPEAKER_MARKERS['customer']}"
            rf"[^\d\n{_D}十百千]{{0,6}}?){_PAIRS}"
        )

    def find(self, text: str, nlp: NlpView) -> list[Finding]:
        """The patterns, and a mobile read in two-digit numbers after a phone cue.

        A caller may read a mobile as numbers of two digits (一 三十四 七十六 三十九 零七
        三十四: 1 34 76 39 07 34) or its groups as numbers (一百三十五 一千六百四十二
        四千一百五十八: 135 1642 4158); the normaliser leaves such place words (they are
        amounts elsewhere). After a cue word (or at the start of the customer's answer to the
        agent's question for it), a run of numerals, spaced or not, with at least one place
        word that stands for exactly an 11-digit mobile with an allocated prefix is one.
        """
        out = super().find(text, nlp)
        if out and "号" in text:
            # 发票号码 94426694, 保单号 1870 2203 156: a number right after another number's
            # label is that number, whatever its length or prefix
            out = [f for f in out if not _labelled(text, f.start)]
        if not any(w in text for w in _PLACE_WORDS):
            return out
        for m in self._pairs.finditer(text):
            run = m.group(1)
            if not any(w in run for w in _PLACE_WORDS):
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


def _labelled(text: str, start: int) -> bool:
    """Whether another number's label comes right before the digit run that a phone found at
    ``start`` is part of (发票号码 94426694; OBU背面也有个号 3301 8306 6997 6763: a landline-shaped
    part of the unit's number)."""
    a = start
    while a > 0 and (text[a - 1].isdigit() or text[a - 1] in " -"):
        a -= 1
    return _OTHER_LABEL.search(text, max(0, a - 12), a) is not None
