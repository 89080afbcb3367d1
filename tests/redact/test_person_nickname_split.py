"""A nickname 小/老 + surname that LAC cuts (小 read as a name, the surname as an adverb: 小|曾)
is masked whole; everyday words of that shape (小时, 小区) stay."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize("text", ["到了让同事小曾帮我取一下", "明天叫邻居小柯帮忙签收"])
def test_a_cut_nickname_is_masked_whole(text: str) -> None:
    out = redact_text(text).text
    assert "曾" not in out and "柯" not in out, out


@pytest.mark.parametrize("text", ["等了两个小时", "我们小区门口"])
def test_everyday_words_stay(text: str) -> None:
    assert redact_text(text).text == text
