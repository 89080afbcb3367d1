"""PersonNameRecognizer: a reduplicated nickname LAC reads as a place is still scored.

Few places are one character said twice; the learned scorer decides on such a span as
on any other reduplication (invented values).
"""

from __future__ import annotations

from test_person_name import _names  # tests/redact is on sys.path (no __init__.py)


def test_reduplicated_nickname_read_as_place_is_scored() -> None:
    tokens = [("谢谢", "v"), ("你", "r"), ("，", "w"), ("妮妮", "LOC"), ("，", "w"),
              ("晚安", "v")]  # fmt: skip
    assert _names(tokens) == ["妮妮"]


def test_place_that_is_no_reduplication_stays() -> None:
    tokens = [("谢谢", "v"), ("你", "r"), ("，", "w"), ("妮娜", "LOC"), ("，", "w"),
              ("晚安", "v")]  # fmt: skip
    assert _names(tokens) == []
