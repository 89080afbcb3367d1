"""Routing conditions: parsed from YAML ``when:`` mappings, evaluated over :class:`Facts`.

Grammar (every key of a mapping must hold: they are ANDed)::

    intent: fraud_report | [a, b]      primary intent is one of these
    secondary: [a, b]                  one of these is a secondary intent
    severity: P1 | [P1, P2]
    segment: elderly | [elderly, vip]
    channel: chat | call
    red_line: true | false             a QA red line failed (or not)
    qa_passed: true | false
    confidence_below: 0.5              intent confidence under this value
    margin_below: 0.1                  top-two intent probabilities closer than this
    signals: [regulator_threat, ...]   at least one of these escalation signals is set
    any: [cond, cond, ...]             at least one sub-condition holds
    all: [cond, cond, ...]
    not: cond

A condition on a fact that is unknown (its stage did not run) does not match;
``not`` of it does. Errors name the file, the rule and the field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from triage.errors import ConfigError
from triage.route.facts import Facts
from triage.schema import CHANNELS, INTENTS, SEGMENTS, SEVERITIES

Predicate = Callable[[Facts], bool]

_ENUMS: dict[str, tuple[str, ...]] = {
    "intent": INTENTS,
    "secondary": INTENTS,
    "severity": SEVERITIES,
    "segment": SEGMENTS,
    "channel": CHANNELS,
}
_BOOLS = ("red_line", "qa_passed")
_THRESHOLDS = ("confidence_below", "margin_below")
KNOWN_KEYS: tuple[str, ...] = (
    *_ENUMS,
    *_BOOLS,
    *_THRESHOLDS,
    "signals",
    "any",
    "all",
    "not",
)


@dataclass(frozen=True)
class Condition:
    """A compiled condition; ``source`` is the YAML it came from (for messages)."""

    predicate: Predicate
    source: Any

    def __call__(self, facts: Facts) -> bool:
        return self.predicate(facts)


def _names(value: Any, where: str, key: str, allowed: tuple[str, ...] | None) -> frozenset[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(v, str) for v in items):
        raise ConfigError(f"{where}: '{key}' must be a name or a non-empty list of names")
    if allowed is not None:
        bad = [v for v in items if v not in allowed]
        if bad:
            raise ConfigError(
                f"{where}: '{key}' has unknown value(s) {bad}; allowed: {', '.join(allowed)}"
            )
    return frozenset(items)


def _enum_predicate(key: str, wanted: frozenset[str]) -> Predicate:
    if key == "secondary":
        return lambda f: any(s in wanted for s in f.secondary)
    return lambda f: getattr(f, key) is not None and getattr(f, key) in wanted


def _bool_predicate(key: str, wanted: bool) -> Predicate:
    return lambda f: getattr(f, key) is not None and bool(getattr(f, key)) is wanted


def _threshold_predicate(key: str, limit: float) -> Predicate:
    attr = "intent_confidence" if key == "confidence_below" else "intent_margin"
    return lambda f: getattr(f, attr) is not None and getattr(f, attr) < limit


def compile_condition(raw: Any, where: str) -> Condition:
    """Compile one ``when:`` mapping.

    Args:
        raw: The YAML value (a mapping; ``None`` or ``{}`` means "always").
        where: Location for error messages (``routing.yaml: rule P1_FRAUD: when``).

    Raises:
        ConfigError: on an unknown key or an invalid value.
    """
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: a condition must be a mapping")
    parts: list[Predicate] = []
    for key, value in raw.items():
        if key in _ENUMS:
            parts.append(_enum_predicate(key, _names(value, where, key, _ENUMS[key])))
        elif key in _BOOLS:
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: '{key}' must be true or false")
            parts.append(_bool_predicate(key, value))
        elif key in _THRESHOLDS:
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise ConfigError(f"{where}: '{key}' must be a number between 0 and 1")
            parts.append(_threshold_predicate(key, float(value)))
        elif key == "signals":
            wanted = _names(value, where, key, None)
            parts.append(lambda f, w=wanted: not f.signals.isdisjoint(w))
        elif key in ("any", "all"):
            if not isinstance(value, list) or not value:
                raise ConfigError(f"{where}: '{key}' must be a non-empty list of conditions")
            subs = [compile_condition(v, f"{where}.{key}[{i}]") for i, v in enumerate(value)]
            combine = any if key == "any" else all
            parts.append(lambda f, s=subs, c=combine: c(sub(f) for sub in s))
        elif key == "not":
            sub = compile_condition(value, f"{where}.not")
            parts.append(lambda f, s=sub: not s(f))
        else:
            raise ConfigError(f"{where}: unknown condition '{key}'; known: {', '.join(KNOWN_KEYS)}")
    return Condition(_conjunction(tuple(parts)), raw)


def _conjunction(parts: tuple[Predicate, ...]) -> Predicate:
    """All of ``parts`` (short-circuit, no generator: this runs on every live message)."""
    if not parts:
        return lambda f: True
    if len(parts) == 1:
        return parts[0]

    def check(f: Facts) -> bool:
        for p in parts:
            if not p(f):
                return False
        return True

    return check
