"""Explicit escalation signals for severity, configured in ``pipelines/severity.yaml``.

Rules are data (regexes, levels, Chinese reasons); this module is the matcher.
A match is dropped when a negation (不是/没/别…) or, for hedged signals, a
hedge (怕/担心/会不会…) ends shortly before it in the same clause, so
``我不是要投诉`` or ``怕被盗刷`` do not escalate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.classify.amounts import find_amounts
from triage.classify.text import normalize
from triage.config import load_yaml
from triage.errors import ConfigError
from triage.schema import SEVERITIES

_CLAUSE_BREAK = re.compile(r"[，。！？；,.!?;\n]")


@dataclass(frozen=True)
class SignalRule:
    """One escalation signal: a fact, the level it implies and its reason."""

    fact: str
    level: str
    reason: str
    patterns: tuple[re.Pattern[str], ...]
    hedged: bool = False
    speakers: tuple[str, ...] = ("customer",)


@dataclass(frozen=True)
class SignalHit:
    """A fired signal (no text: facts and reasons only)."""

    fact: str
    level: str
    reason: str


def _level(value: Any, where: str) -> str:
    if value not in SEVERITIES:
        raise ConfigError(f"{where}: level must be one of {SEVERITIES}, got {value!r}")
    return str(value)


def _compile(patterns: Any, where: str) -> tuple[re.Pattern[str], ...]:
    if not isinstance(patterns, list) or not patterns:
        raise ConfigError(f"{where}: 'patterns' must be a non-empty list")
    out = []
    for i, p in enumerate(patterns):
        try:
            out.append(re.compile(str(p), re.I))
        except re.error as exc:
            raise ConfigError(f"{where}: patterns[{i}] is not a valid regex: {exc}") from exc
    return tuple(out)


class SignalDetector:
    """Finds escalation signals in an interaction's redacted turns.

    Args:
        spec: The parsed ``severity.yaml`` mapping.
        source: File name for error messages.
    """

    def __init__(self, spec: dict[str, Any], source: str = "severity.yaml") -> None:
        self.source = source
        self.window = int(spec.get("negation_window", 4))
        self.negations = tuple(spec.get("negations", ()))
        self.hedges = tuple(spec.get("hedges", ()))
        # A negator directly before the match, allowing up to `window` modal
        # characters in between (不是要投诉, 没被骗); a hedge a few characters before.
        modal = "要想会去打算说是用被有在曾再来"
        self._neg_re = (re.compile(f"(?:{'|'.join(map(re.escape, self.negations))})"
                                   f"[{modal}]{{0,{self.window}}}$")
                        if self.negations else None)
        self._hedge_re = (re.compile(f"(?:{'|'.join(map(re.escape, self.hedges))}).{{0,3}}$")
                          if self.hedges else None)
        self.rules: list[SignalRule] = []
        for i, item in enumerate(spec.get("signals") or []):
            where = f"{source}: signals[{i}]"
            if not isinstance(item, dict) or not {"fact", "level", "reason"} <= set(item):
                raise ConfigError(f"{where}: needs 'fact', 'level', 'reason' and 'patterns'")
            self.rules.append(SignalRule(
                fact=str(item["fact"]), level=_level(item["level"], where),
                reason=str(item["reason"]), patterns=_compile(item.get("patterns"), where),
                hedged=bool(item.get("hedged", False)),
                speakers=tuple(item.get("speakers", ("customer",))),
            ))
        vul = spec.get("vulnerable") or {}
        self.vulnerable = None
        if vul:
            where = f"{source}: vulnerable"
            self.vulnerable = {
                "level": _level(vul.get("level", "P2"), where),
                "reason": str(vul.get("reason", "弱势客户受损")),
                "segments": set(vul.get("segments", ())),
                "patterns": _compile(vul.get("patterns"), where),
                "loss": _compile(vul.get("loss_patterns"), where),
            }
        big = spec.get("large_amount") or {}
        self.large = None
        if big:
            where = f"{source}: large_amount"
            self.large = {
                "level": _level(big.get("level", "P2"), where),
                "reason": str(big.get("reason", "大额资金")),
                "threshold": float(big.get("threshold", 50000)),
                "intents": set(big.get("intents", ())),
            }
        floors = spec.get("intent_floor") or {}
        self.intent_floor = {str(k): _level(v, f"{source}: intent_floor.{k}")
                             for k, v in floors.items()}
        caps = spec.get("model_cap") or {}
        self.model_cap = {str(k): _level(v, f"{source}: model_cap.{k}") for k, v in caps.items()}

    @classmethod
    def from_file(cls, path: Path) -> SignalDetector:
        """Load from a YAML file."""
        spec = load_yaml(path)
        if not isinstance(spec, dict):
            raise ConfigError(f"{path}: top level must be a mapping")
        return cls(spec, source=str(path.name))

    def _negated(self, text: str, start: int, hedged: bool) -> bool:
        before = text[max(0, start - 12):start]
        cut = max((m.end() for m in _CLAUSE_BREAK.finditer(before)), default=0)
        before = before[cut:]
        if self._neg_re is not None and self._neg_re.search(before):
            return True
        return hedged and self._hedge_re is not None and bool(self._hedge_re.search(before))

    def _fires(self, text: str, patterns: Sequence[re.Pattern[str]], hedged: bool) -> bool:
        for pat in patterns:
            for m in pat.finditer(text):
                if not self._negated(text, m.start(), hedged):
                    return True
        return False

    def texts(self, turns: Sequence[Any], speakers: Sequence[str]) -> str:
        """Normalised text of the given speakers' turns, one clause break between turns."""
        return "。".join(normalize(t.text) for t in turns if t.speaker in speakers)

    def detect(
        self, turns: Sequence[Any], intent: str | None = None, segment: str | None = None
    ) -> tuple[list[SignalHit], dict[str, Any]]:
        """Signals that fire, and the facts dict for ``doc.signals["severity"]``."""
        cache: dict[tuple[str, ...], str] = {}
        hits: list[SignalHit] = []
        facts: dict[str, Any] = {}

        def text_for(speakers: tuple[str, ...]) -> str:
            if speakers not in cache:
                cache[speakers] = self.texts(turns, speakers)
            return cache[speakers]

        for rule in self.rules:
            fired = self._fires(text_for(rule.speakers), rule.patterns, rule.hedged)
            facts[rule.fact] = fired
            if fired:
                hits.append(SignalHit(rule.fact, rule.level, rule.reason))
        cust = text_for(("customer",))
        if self.vulnerable is not None:
            vulnerable = segment in self.vulnerable["segments"] or self._fires(
                cust, self.vulnerable["patterns"], False)
            loss = self._fires(cust, self.vulnerable["loss"], True) or intent == "fraud_report"
            facts["vulnerable_customer"] = bool(vulnerable)
            if vulnerable and loss:
                hits.append(SignalHit("vulnerable_loss", self.vulnerable["level"],
                                      self.vulnerable["reason"]))
        if self.large is not None:
            amounts = find_amounts(cust)
            top = max(amounts, default=0.0)
            facts["max_amount"] = top or None
            big = top >= self.large["threshold"]
            facts["large_amount"] = big
            if big and (not self.large["intents"] or intent in self.large["intents"]):
                reason = self.large["reason"].format(amount=f"{top:,.0f}",
                                                     threshold=f"{self.large['threshold']:,.0f}")
                hits.append(SignalHit("large_amount", self.large["level"], reason))
        return hits, facts
