"""Scrubbing of free text typed by people (comments, appeal reasons).

Reviewers and agents type comments; they must not bring PII into the store.
Number runs long enough to be an account, card, phone, ID or code (digits,
full-width digits or spoken Chinese digits, with spaces or dashes between
groups) and e-mail addresses are replaced by placeholders before storing.
Names and addresses cannot be recognised reliably here; the UI tells users not
to type them.
"""

from __future__ import annotations

import re

_DIGIT = "0-9０-９零〇一二三四五六七八九幺两洞"
_NUMBER_RUN = re.compile(rf"[{_DIGIT}](?:[\s\-－]?[{_DIGIT}]){{5,}}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
MAX_LEN = 2000


def scrub_free_text(text: str | None) -> str:
    """Replace number runs (6+ digits) and e-mail addresses, trim to :data:`MAX_LEN`.

    Args:
        text: Text a user typed, or None.

    Returns:
        The scrubbed text (``<NUMBER>`` / ``<EMAIL_ADDRESS>`` placeholders).
    """
    if not text:
        return ""
    out = _EMAIL.sub("<EMAIL_ADDRESS>", str(text))
    out = _NUMBER_RUN.sub("<NUMBER>", out)
    return out.strip()[:MAX_LEN]
