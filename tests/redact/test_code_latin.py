"""Codes named in English (OTP, PIN, CVV) and passwords with letters (C3, SPEC §4)."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


def _values(text: str) -> list[tuple[str, str]]:
    res = redact_text(text)
    return [(e.type, text[e.start : e.end]) for e in res.entities]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("OTP is 739204 but it says expired", "739204"),
        ("my PIN is 0612", "0612"),
        ("sms code: 5521", "5521"),
        ("app的PIN码是 886655", "886655"),
        ("CVV2:４５６", "４５６"),
        ("卡背面 CVC 208 也填了", "208"),
        ("登录密码是Abc123456 会不会被盗", "Abc123456"),
        ("密码改成了 iloveyou2024 还是登不上", "iloveyou2024"),
        ("password: qwe_2024!", "qwe_2024!"),
        ("password is Abc12345", "Abc12345"),
    ],
)
def test_code_named_in_english_or_password_with_letters(text: str, value: str) -> None:
    assert _values(text) == [("VERIFICATION_CODE", value)]


def test_password_with_letters_masked_whole_in_output() -> None:
    out = redact_text("我手机银行登录密码是Abc123456 取款密码６６８８１２").text
    assert "Abc" not in out and "123456" not in out and "６６８８" not in out


@pytest.mark.parametrize(
    "text",
    [
        "我用拼音pinyin 123456",  # pin inside a word is no cue
        "Spin 2024年",
        "password changed at 2024-11-29",  # words between cue and digits: a date
        "OTP有效期10分钟",
        "OTP 5分钟有效",
        "pin码错了3次",
        "I forgot my password, 工号 1023 帮我重置",
        "密码是v2ray",  # too short for a password
        "密码错误超过三次",
    ],
)
def test_english_cues_leave_negatives(text: str) -> None:
    assert _values(text) == []
