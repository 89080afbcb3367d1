"""Anonymisation operators: type tag, bank-style partial mask, pseudonym.

Masks follow what Chinese banks print: phone ``138****5678`` (first 3, last 4),
card and account numbers first 6 and last 4, ID numbers first 6 and last 4
(birth date hidden). Pseudonyms are consistent within one interaction
(``<PERSON_1>`` for every mention of the same name). Class C3 values
(JR/T 0171: codes, passwords, CVV) only ever get the type tag.
"""

from __future__ import annotations

from dataclasses import dataclass, field

OPERATORS: tuple[str, ...] = ("tag", "mask", "pseudonym")
#: JR/T 0171-2020 class C3 (authentication data): never stored, never partially shown.
C3_TYPES: frozenset[str] = frozenset({"VERIFICATION_CODE"})
#: Digits kept at the head and tail by the partial mask, per type.
MASK_KEEP: dict[str, tuple[int, int]] = {
    "PHONE_NUMBER": (3, 4),
    "BANK_CARD": (6, 4),
    "CN_ID_CARD": (6, 4),
}


def mask_value(entity: str, norm_value: str) -> str:
    """Bank-style partial mask of a value (given in normalised form).

    Numbers keep their first/last digits (:data:`MASK_KEEP`) with separators
    dropped; names keep the surname; other types keep nothing.
    """
    if entity in MASK_KEEP:
        digits = [c for c in norm_value if c.isdigit() or c in "Xx"]
        head, tail = MASK_KEEP[entity]
        if len(digits) <= head + tail:
            return "*" * len(digits)
        return "".join(digits[:head]) + "*" * (len(digits) - head - tail) + "".join(digits[-tail:])
    if entity == "PERSON" and norm_value:
        return norm_value[0] + "*" * (len(norm_value) - 1) if len(norm_value) > 1 else "*"
    if entity == "EMAIL_ADDRESS" and "@" in norm_value:
        local, _, domain = norm_value.partition("@")
        return (local[:1] + "***@" + domain) if local else "***@" + domain
    return "*" * max(len(norm_value), 1)


@dataclass(slots=True)
class Pseudonymizer:
    """Consistent pseudonyms within one interaction (a fresh one per interaction)."""

    _seen: dict[tuple[str, str], str] = field(default_factory=dict)
    _count: dict[str, int] = field(default_factory=dict)

    def name_for(self, entity: str, key: str) -> str:
        """The pseudonym for ``key`` (a normalised value) of type ``entity``."""
        k = (entity, key)
        if k not in self._seen:
            n = self._count.get(entity, 0) + 1
            self._count[entity] = n
            self._seen[k] = f"<{entity}_{n}>"
        return self._seen[k]


def pseudonym_key(entity: str, norm_value: str) -> str:
    """The identity of a value for pseudonyms: digits for numbers, text without spaces otherwise."""
    if entity in MASK_KEEP:
        return "".join(c for c in norm_value if c.isdigit() or c in "Xx").upper()
    return "".join(norm_value.split()).lower()


def replace(entity: str, operator: str, norm_value: str, pseudo: Pseudonymizer) -> str:
    """The replacement text for one detected value.

    Args:
        entity: Entity type.
        operator: ``tag``, ``mask`` or ``pseudonym`` (C3 types always ``tag``).
        norm_value: The value as normalised text (digits folded).
        pseudo: The interaction's pseudonymizer.
    """
    if entity in C3_TYPES or operator == "tag":
        return f"<{entity}>"
    if operator == "mask":
        return mask_value(entity, norm_value)
    if operator == "pseudonym":
        return pseudo.name_for(entity, pseudonym_key(entity, norm_value))
    raise ValueError(f"unknown operator {operator!r}")
