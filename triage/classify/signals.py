"""Explicit escalation signals for severity, configured in ``pipelines/severity.yaml``.

Rules are data (regexes, levels, Chinese reasons); this module is the matcher.
A match is dropped when a negation (不是/没/别…) or, for hedged signals, a
hedge (怕/担心/会不会…) ends shortly before it in the same clause, so
``我不是要投诉`` or ``怕被盗刷`` do not escalate. A rule may also name
``unless`` patterns that cancel a match nearby (a bank fee is not theft) and a
``followup`` that grades a match at another level when the customer only
chases an incident reported before (上周被盗刷…到现在没结果).
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
# ASR transcripts put spaces between words or even characters (投 诉, 一 二 三 七 八);
# rules are written for unspaced Chinese, so a space between two CJK characters goes.
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


@dataclass(frozen=True)
class SignalRule:
    """One escalation signal: a fact, the level it implies and its reason."""

    fact: str
    level: str
    reason: str
    patterns: tuple[re.Pattern[str], ...]
    hedged: bool = False
    speakers: tuple[str, ...] = ("customer",)
    unless: tuple[re.Pattern[str], ...] = ()
    unless_window: int = 12
    covering: tuple[re.Pattern[str], ...] = ()
    followup: FollowUp | None = None
    keep_denials: bool = False


@dataclass(frozen=True)
class FollowUp:
    """A fired signal that only refers to an incident reported before.

    When one of ``patterns`` matches and none of ``ongoing`` does, the signal's
    fact is cleared and ``fact`` is set instead, at ``level`` with ``reason``
    (a customer chasing last week's theft is a complaint, not money being lost now).
    """

    fact: str
    level: str
    reason: str
    patterns: tuple[re.Pattern[str], ...]
    ongoing: tuple[re.Pattern[str], ...] = ()


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
        modal = "要想会去打算说是用被遭有在曾再来"
        self._neg_re = (re.compile(f"(?:{'|'.join(map(re.escape, self.negations))})"
                                   f"[{modal}]{{0,{self.window}}}$")
                        if self.negations else None)
        # a hedge up to `hedge_window` characters back: 怕被盗刷, 我怕我爸妈收到会上当
        reach = int(spec.get("hedge_window", 3))
        # (not across what happened next: 我怕被骗结果还是被骗了)
        self._hedge_re = (re.compile(f"(?:{'|'.join(map(re.escape, self.hedges))})"
                                     f"(?:(?!结果|没想到|谁知|才发现|后来).){{0,{reach}}}$")
                          if self.hedges else None)
        # Someone else's story (听说隔壁老王的卡被盗刷了) cancels hedged signals too,
        # from further back in the same clause.
        third = spec.get("third_party") or {}
        words = tuple(third.get("words", ()))
        self._third_re = (re.compile(f"(?:{'|'.join(map(re.escape, words))})"
                                     f".{{0,{int(third.get('window', 10))}}}$")
                          if words else None)
        # A rhetorical negation (这不是盗刷是啥) asserts what it seems to deny: one of
        # these words right after the match keeps it.
        rhet = tuple(spec.get("rhetorical", ()))
        rhet_alt = "|".join(map(re.escape, rhet))
        self._rhet_re = (re.compile(f"^[^，。！？,.!?;；]{{0,2}}(?:{rhet_alt})")
                         if rhet else None)
        # A loss that did not happen (不然五万块就没了, 要不是柜员拦着): same reach back.
        counter = spec.get("counterfactual") or {}
        cwords = tuple(counter.get("words", ()))
        self._counter_re = (re.compile(f"(?:{'|'.join(map(re.escape, cwords))})"
                                       f".{{0,{int(counter.get('window', 10))}}}$")
                            if cwords else None)
        self.rules: list[SignalRule] = []
        for i, item in enumerate(spec.get("signals") or []):
            where = f"{source}: signals[{i}]"
            if not isinstance(item, dict) or not {"fact", "level", "reason"} <= set(item):
                raise ConfigError(f"{where}: needs 'fact', 'level', 'reason' and 'patterns'")
            unless = item.get("unless") or {}
            if unless and (not isinstance(unless, dict)
                           or not (unless.get("patterns") or unless.get("covering"))):
                raise ConfigError(f"{where}: 'unless' must be a mapping with 'patterns' "
                                  "or 'covering'")
            self.rules.append(SignalRule(
                fact=str(item["fact"]), level=_level(item["level"], where),
                reason=str(item["reason"]), patterns=_compile(item.get("patterns"), where),
                hedged=bool(item.get("hedged", False)),
                speakers=tuple(item.get("speakers", ("customer",))),
                unless=(_compile(unless["patterns"], f"{where}.unless")
                        if unless.get("patterns") else ()),
                covering=(_compile(unless["covering"], f"{where}.unless.covering")
                          if unless.get("covering") else ()),
                unless_window=int(unless.get("window", 12)) if unless else 12,
                followup=self._followup(item.get("followup"), f"{where}.followup"),
                keep_denials=bool(item.get("keep_denials", False)),
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
                # 怎么少了一百二？ asks about a charge; it does not report a loss.
                "asked": (re.compile(f"(?:{'|'.join(map(re.escape, vul['loss_questions']))})"
                                     ".{0,4}$") if vul.get("loss_questions") else None),
                # 月供少了还是年数少了, 钱少了吗: a loss word right before a question word
                "asked_after": (re.compile(
                    "^[^，。！？,.!?;；]{0,3}(?:"
                    f"{'|'.join(map(re.escape, vul['loss_questions_after']))})")
                                if vul.get("loss_questions_after") else None),
                # facts under which the customer's words are no loss (钱没少)
                "lifted_by": tuple(map(str, vul.get("loss_lifted_by", ()))),
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
                # facts under which the amount does not escalate (a loss chased again)
                "unless_facts": tuple(big.get("unless_facts", ())),
                # spans whose amount is no money at stake (a credit line, a transfer limit)
                "not_amounts": (_compile(big["not_amounts"], f"{where}.not_amounts")
                                if big.get("not_amounts") else ()),
            }
        floors = spec.get("intent_floor") or {}
        self.intent_floor = {str(k): _level(v, f"{source}: intent_floor.{k}")
                             for k, v in floors.items()}
        # Facts under which a category's floor does not hold (a customer who says the
        # matter is settled, or that it was no fraud after all).
        lifted = spec.get("floor_lifted_by") or {}
        if not isinstance(lifted, dict) or not all(isinstance(v, list) for v in lifted.values()):
            raise ConfigError(f"{source}: floor_lifted_by must map a category to a list of facts")
        self.floor_lifted_by = {str(k): tuple(map(str, v)) for k, v in lifted.items()}
        caps = spec.get("model_cap") or {}
        self.model_cap = {str(k): _level(v, f"{source}: model_cap.{k}") for k, v in caps.items()}
        # A category the intent model gives at least this score also lends its cap.
        score = spec.get("model_cap_score")
        try:
            self.model_cap_score = None if score is None else float(score)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{source}: model_cap_score must be a number") from exc
        fact_caps = spec.get("fact_cap") or {}
        self.fact_cap = {str(k): _level(v, f"{source}: fact_cap.{k}")
                         for k, v in fact_caps.items()}

    @staticmethod
    def _followup(spec: Any, where: str) -> FollowUp | None:
        if not spec:
            return None
        if not isinstance(spec, dict) or not {"fact", "level", "reason"} <= set(spec):
            raise ConfigError(f"{where}: needs 'fact', 'level', 'reason' and 'patterns'")
        ongoing = spec.get("ongoing")
        return FollowUp(fact=str(spec["fact"]), level=_level(spec["level"], where),
                        reason=str(spec["reason"]), patterns=_compile(spec.get("patterns"), where),
                        ongoing=_compile(ongoing, f"{where}.ongoing") if ongoing else ())

    @classmethod
    def from_file(cls, path: Path) -> SignalDetector:
        """Load from a YAML file."""
        spec = load_yaml(path)
        if not isinstance(spec, dict):
            raise ConfigError(f"{path}: top level must be a mapping")
        return cls(spec, source=str(path.name))

    def _negated(self, text: str, start: int, hedged: bool, end: int | None = None) -> bool:
        before = text[max(0, start - 16):start]
        cut = max((m.end() for m in _CLAUSE_BREAK.finditer(before)), default=0)
        before = before[cut:]
        if self._neg_re is not None and self._neg_re.search(before) and not (
                end is not None and self._rhet_re is not None
                and self._rhet_re.search(text[end:end + 8])):
            return True
        if not hedged:
            return False
        if self._hedge_re is not None and self._hedge_re.search(before):
            return True
        if self._counter_re is not None and self._counter_re.search(before):
            return True
        return self._third_re is not None and bool(self._third_re.search(before))

    def _said_loss(self, text: str) -> bool:
        """A loss stated in ``text`` (not negated, hedged, or asked about)."""
        assert self.vulnerable is not None
        asked = self.vulnerable["asked"]
        for pat in self.vulnerable["loss"]:
            for m in pat.finditer(text):
                if self._negated(text, m.start(), True):
                    continue
                if asked is not None:
                    before = text[max(0, m.start() - 8):m.start()]
                    cut = max((b.end() for b in _CLAUSE_BREAK.finditer(before)), default=0)
                    if asked.search(before[cut:]):
                        continue
                after = self.vulnerable["asked_after"]
                if after is not None and after.search(text[m.end():m.end() + 8]):
                    continue
                return True
        return False

    def _fires(self, text: str, patterns: Sequence[re.Pattern[str]], hedged: bool,
               unless: Sequence[re.Pattern[str]] = (), window: int = 12,
               covering: Sequence[re.Pattern[str]] = ()) -> bool:
        for pat in patterns:
            for m in pat.finditer(text):
                if self._negated(text, m.start(), hedged, m.end()):
                    continue
                if unless or covering:
                    # The same clause (or `window` characters of unpunctuated speech)
                    # around the match names what cancels it, e.g. the bank's own fee;
                    # a `covering` pattern only when it contains the match itself.
                    lo, hi = max(0, m.start() - window), m.end() + window
                    near = text[lo:hi]
                    if any(u.search(near) for u in unless):
                        continue
                    at = m.start() - lo
                    if any(c.start() <= at < c.end() for cov in covering
                           for c in cov.finditer(near)):
                        continue
                return True
        return False

    def _rule(self, rule: SignalRule, text: str) -> tuple[bool, bool]:
        """Whether ``rule`` fires on ``text``, and whether only as a follow-up of a past case."""
        fired = self._fires(text, rule.patterns, rule.hedged, rule.unless, rule.unless_window,
                            rule.covering)
        fu = rule.followup
        past = (
            fu is not None
            and fired
            and self._any(text, fu.patterns)
            and not self._any(text, fu.ongoing)
        )
        return fired, past

    @staticmethod
    def _any(text: str, patterns: Sequence[re.Pattern[str]]) -> bool:
        return any(p.search(text) for p in patterns)

    def texts(
        self, turns: Sequence[Any], speakers: Sequence[str], memo: dict[str, str] | None = None,
        keep_denials: bool = False,
    ) -> str:
        """Normalised text of the given speakers' turns, one clause break between turns.

        ``memo`` (turn text -> its normalised form) spares normalising a turn again;
        ``keep_denials`` keeps a denied complaint (我不是要投诉) that the models' input drops.
        """
        if memo is None:
            return "。".join(_CJK_SPACE.sub("", normalize(t.text, keep_denials))
                            for t in turns if t.speaker in speakers)
        parts = []
        for t in turns:
            if t.speaker in speakers:
                got = memo.get(t.text)
                if got is None:
                    got = memo[t.text] = _CJK_SPACE.sub("", normalize(t.text, keep_denials))
                parts.append(got)
        return "。".join(parts)

    def detect(
        self,
        turns: Sequence[Any],
        intent: str | None = None,
        segment: str | None = None,
        memo: dict[str, Any] | None = None,
    ) -> tuple[list[SignalHit], dict[str, Any]]:
        """Signals that fire, and the facts dict for ``doc.signals["severity"]``.

        Args:
            turns: The (redacted) turns.
            intent: The primary intent label, if known.
            segment: The customer segment, if known.
            memo: Kept by a caller that detects on the same growing chat again
                (the live hook): normalised turns, and each rule's outcome with
                the text it was found in, reused while that text is unchanged
                (an agent's message leaves the customer's text as it was).
        """
        cache: dict[tuple[tuple[str, ...], bool], str] = {}
        hits: list[SignalHit] = []
        facts: dict[str, Any] = {}
        norms = None if memo is None else memo.setdefault("norm", {})
        kept = None if memo is None else memo.setdefault("norm_kept", {})
        found: dict[int, tuple[str, bool, bool]] = (
            {} if memo is None else memo.setdefault("rules", {})
        )

        def text_for(speakers: tuple[str, ...], keep_denials: bool = False) -> str:
            key = (speakers, keep_denials)
            if key not in cache:
                cache[key] = self.texts(turns, speakers, kept if keep_denials else norms,
                                        keep_denials)
            return cache[key]

        for k, rule in enumerate(self.rules):
            text = text_for(rule.speakers, rule.keep_denials)
            last = found.get(k)
            if last is not None and last[0] == text:
                fired, past = last[1], last[2]
            else:
                fired, past = self._rule(rule, text)
                if memo is not None:
                    found[k] = (text, fired, past)
            fu = rule.followup
            if fu is not None:
                facts[fu.fact] = past
                if past:
                    facts[rule.fact] = False
                    hits.append(SignalHit(fu.fact, fu.level, fu.reason))
                    continue
            facts[rule.fact] = fired
            if fired:
                hits.append(SignalHit(rule.fact, rule.level, rule.reason))
        cust = text_for(("customer",))
        if self.vulnerable is not None:
            last_v = None if memo is None else memo.get("vulnerable")
            if last_v is not None and last_v[0] == cust:
                said_vulnerable, said_loss = last_v[1], last_v[2]
            else:
                said_vulnerable = self._fires(cust, self.vulnerable["patterns"], False)
                said_loss = self._said_loss(cust)
                if memo is not None:
                    memo["vulnerable"] = (cust, said_vulnerable, said_loss)
            vulnerable = segment in self.vulnerable["segments"] or said_vulnerable
            # A loss in the customer's words (unless no money moved after all), or money
            # at risk; a fraud *label* alone is not a loss (a scam call recognised in
            # time, a misread face-scan problem).
            if any(facts.get(f) for f in self.vulnerable["lifted_by"]):
                said_loss = False
            loss = said_loss or bool(facts.get("funds_at_risk"))
            facts["vulnerable_customer"] = bool(vulnerable)
            if vulnerable and loss:
                hits.append(SignalHit("vulnerable_loss", self.vulnerable["level"],
                                      self.vulnerable["reason"]))
        if self.large is not None:
            last_a = None if memo is None else memo.get("amount")
            if last_a is not None and last_a[0] == cust:
                top = last_a[1]
            else:
                said = cust
                for pat in self.large["not_amounts"]:
                    said = pat.sub("，", said)
                top = max(find_amounts(said), default=0.0)
                if memo is not None:
                    memo["amount"] = (cust, top)
            facts["max_amount"] = top or None
            big = top >= self.large["threshold"]
            facts["large_amount"] = big
            if big and (not self.large["intents"] or intent in self.large["intents"]) \
                    and not any(facts.get(f) for f in self.large["unless_facts"]):
                reason = self.large["reason"].format(amount=f"{top:,.0f}",
                                                     threshold=f"{self.large['threshold']:,.0f}")
                hits.append(SignalHit("large_amount", self.large["level"], reason))
        return hits, facts
