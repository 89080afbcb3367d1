"""Merging overlapping findings of one turn (``triage.redact.redactor.merge_entities``)."""

from __future__ import annotations

from triage.redact.redactor import merge_entities
from triage.schema import Entity


def test_redactor_merge_number_inside_longer_number_takes_its_type() -> None:
    card = Entity(0, 3, 25, "BANK_CARD", 0.7)
    landline = Entity(0, 8, 25, "PHONE_NUMBER", 0.75)  # a card's groups shaped like 020 2…
    assert merge_entities([landline, card]) == [Entity(0, 3, 25, "BANK_CARD", 0.75)]
    assert merge_entities([card, landline]) == [Entity(0, 3, 25, "BANK_CARD", 0.75)]


def test_redactor_merge_same_span_keeps_the_higher_score() -> None:
    account = Entity(0, 3, 14, "BANK_CARD", 0.7)
    mobile = Entity(0, 3, 14, "PHONE_NUMBER", 0.9)
    assert [e.type for e in merge_entities([account, mobile])] == ["PHONE_NUMBER"]


def test_redactor_merge_code_wins_and_other_types_by_score() -> None:
    code = Entity(0, 5, 11, "VERIFICATION_CODE", 0.6)
    card = Entity(0, 0, 20, "BANK_CARD", 0.7)
    assert [e.type for e in merge_entities([card, code])] == ["VERIFICATION_CODE"]
    name = Entity(1, 0, 3, "PERSON", 0.85)
    address = Entity(1, 2, 9, "ADDRESS", 0.6)
    assert merge_entities([name, address]) == [Entity(1, 0, 9, "PERSON", 0.85)]
