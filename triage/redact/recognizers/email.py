"""E-mail addresses, written (``a@b.com``) or spoken (``a艾特qq点com``)."""

from __future__ import annotations

from typing import ClassVar

from triage.redact.recognizers.base import PatternSpec, RegexRecognizer

_TLDS = "com|cn|net|org|edu|gov|info|biz|io|me|hk|tw|mo|co|top|vip|xyz|cc"
#: A written e-mail address (also used by other recognizers to stay out of one).
EMAIL_RX = (
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*"
    r"\.[A-Za-z]{2,}"
)


class EmailRecognizer(RegexRecognizer):
    """RFC 5322-ish local@domain, plus the spoken forms ASR writes."""

    ENTITY: ClassVar[str] = "EMAIL_ADDRESS"
    NAME: ClassVar[str] = "EmailRecognizer"
    CONTEXT: ClassVar[tuple[str, ...]] = ("邮箱", "邮件", "email", "e-mail", "电邮")
    PATTERNS: ClassVar[tuple[PatternSpec, ...]] = (
        PatternSpec("email", EMAIL_RX, 0.95, validate=False),
        PatternSpec(
            "email_spoken",
            r"(?<![A-Za-z0-9._\-])[A-Za-z0-9][A-Za-z0-9._\-]*\s?(?:艾特|圈a|at|@)\s?"
            rf"[A-Za-z0-9\-]+(?:\s?(?:\.|点|dot)\s?[A-Za-z0-9\-]+)*\s?(?:\.|点|dot)\s?(?:{_TLDS})"
            r"(?![A-Za-z])",
            0.85,
            validate=False,
        ),
    )
