"""Searching a regex only at the characters its matches begin with gives re's own matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage.redact import starts
from triage.redact.recognizers import load_recognizer_class
from triage.redact.recognizers.base import RegexRecognizer
from triage.redact.settings import load_redact_settings

_RECOGNIZERS = [
    load_recognizer_class(rs.name)(**rs.options) for rs in load_redact_settings().recognizers
]
#: (name, pattern, scanner) of every recognizer pattern that gets a scanner
_SCANNED = [
    (f"{rec.name}/{name}", rx, scanner)
    for rec in _RECOGNIZERS
    if isinstance(rec, RegexRecognizer)
    for name, rx, scanner in [
        *((spec.name, rx, sc) for (spec, rx), sc in zip(rec._compiled, rec._starts, strict=True)),
        ("any_cue", rec._any_cue, rec._cue_starts),
    ]
    if scanner is not None
]

# pieces the recognizers' patterns are made of, in both cases, and the characters around them
_PIECES = [
    *"0123456789０１２３４５６７８９ -:：，。、？\n",
    "\ue000",
    "\ue001",
    "\ue002",
    "OTP",
    "otp",
    "Pin",
    "PIN",
    "CVV2",
    "cvv",
    "cvn",
    "password",
    "Passcode",
    "code",
    "Verification code",
    "验证码",
    "动态码",
    "密码",
    "卡背面后三位",
    "背面三位",
    "是",
    "多少",
    "分机",
    "电话",
    "手机",
    "(0",
    "010",
    "0755",
    "+86",
    "138",
    "email",
    "E-mail",
    "邮箱",
    "@",
    "abc",
    "x.y",
    "K",
    "\u212a",  # KELVIN SIGN: 'k' under IGNORECASE
    "\u017f",  # LATIN SMALL LETTER LONG S: 's' under IGNORECASE
    "\u0130",
]


def test_starts_some_recognizer_patterns_get_a_scanner() -> None:
    names = {name for name, _, _ in _SCANNED}
    assert "VerificationCodeRecognizer/code_after_latin_cue" in names
    assert "VerificationCodeRecognizer/any_cue" in names


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?<!\d)\d{6}",  # a category first: re's own scan
        r"验证码\d+",  # a literal re scans for fast itself
        r"(?<!a)(?:x|y)?",  # can match the empty string
        r"(?<!a).b",  # a wildcard first
        r"(?<!a)[^b]c",  # a negated class first
        r"(?<!a)(?i:b)c",  # a group with its own flags
    ],
)
def test_starts_no_scanner_where_it_cannot_help_or_tell(pattern: str) -> None:
    assert starts.start_scanner(re.compile(pattern, re.I)) is None


@pytest.mark.parametrize(
    ("pattern", "first"),
    [
        (r"(?<![A-Za-z])(?:OTP|pin)\d", "OoPp"),
        (r"(?<!\d)(?:\(?0|9)\d", "(09"),
        (r"\b(?:ab)?c", "aAcC"),
        (r"(?=x)(?:[a-c]|z{0,2}y)", "abcABCzZyY"),
        (r"(?<!a)k\d", "kK\u212a"),  # KELVIN SIGN is 'k' under IGNORECASE
    ],
)
def test_starts_scanner_holds_every_first_character(pattern: str, first: str) -> None:
    scanner = starts.start_scanner(re.compile(pattern, re.I))
    assert scanner is not None
    assert all(scanner.fullmatch(ch) for ch in first)


def test_starts_case_folding_of_a_class_is_the_literal_s() -> None:
    # the scanner puts a pattern's first literals into a class, compiled with its flags
    specials = [0x130, 0x131, 0x17F, 0x212A, 0x1E9E, 0x3C2, 0x3F4, 0x1FBE]
    for code in [*range(ord("A"), ord("Z") + 1), *range(ord("a"), ord("z") + 1), *specials]:
        literal = re.compile(f"\\U{code:08x}", re.I)
        cls = re.compile(f"[\\U{code:08x}]", re.I)
        for ch in map(chr, [*range(0x250), *specials, 0x2126, 0x212B]):
            assert bool(literal.fullmatch(ch)) == bool(cls.fullmatch(ch)), (code, ch)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=60))
def test_starts_finditer_and_search_equal_re_s(pieces: list[str]) -> None:
    text = "".join(pieces)
    for name, rx, scanner in _SCANNED:
        want = [(m.span(), m.groups()) for m in rx.finditer(text)]
        got = [(m.span(), m.groups()) for m in starts.finditer(rx, scanner, text)]
        assert got == want, name
        hit = starts.search(rx, scanner, text)
        ref = rx.search(text)
        assert (hit and hit.span()) == (ref and ref.span()), name
