"""PersonNameRecognizer: what a star endorses (代言X) is a brand, not a person (invented values)."""

from __future__ import annotations

from test_person_name import _names  # tests/redact is on sys.path (no __init__.py)


def test_name_like_brand_after_endorse_stays() -> None:
    tokens = [("明星", "n"), ("代言", "v"), ("韩丰", "PER"), ("衣坊", "n"), ("，", "w")]
    assert _names(tokens) == []
    tokens = [("她", "r"), ("代言", "v"), ("了", "u"), ("韩丰", "PER"), ("衣坊", "n")]
    assert _names(tokens) == []


def test_name_after_the_spokesperson_word_still_masked() -> None:
    assert _names([("代言人", "n"), ("韩丰", "PER"), ("出席", "v")]) == ["韩丰"]
    assert _names([("韩丰", "PER"), ("代言", "v"), ("衣坊", "n")]) == ["韩丰"]
