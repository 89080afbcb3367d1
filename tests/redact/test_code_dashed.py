"""Digits after a code cue that go on after a dash are a hotline or a phone, not a code."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _redact(speaker: str, text: str) -> str:
    red, _ = redact_turns([Turn(speaker, text)])
    return red[0].text


def test_hotline_after_a_password_warning_stays() -> None:
    text = "亲 请立即修改密码 我们永远不会问您要密码 400-820-5555是我们唯一的客服热线"
    assert _redact("agent", text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("您的验证码为384920，5分钟内有效", "您的验证码为<VERIFICATION_CODE>，5分钟内有效"),
        ("验证码 836 512", "验证码 <VERIFICATION_CODE>"),
        ("密码是 123456 对吧", "密码是 <VERIFICATION_CODE> 对吧"),
        ("OTP is 739204, valid 5 min", "OTP is <VERIFICATION_CODE>, valid 5 min"),
    ],
)
def test_codes_still_masked(text: str, expected: str) -> None:
    assert _redact("customer", text) == expected
