"""Rule cases: must-fire / must-not-fire examples beside each rule file.

``C03.cases.jsonl`` holds one case per line::

    {"name": "不保本是合规表述", "expect": "no_fire",
     "channel": "call", "segment": "elderly", "intent": "product_inquiry",
     "severity": "P4",
     "turns": [{"speaker": "agent", "text": "…", "start": 0.0, "end": 3.2}, …]}

``expect`` is ``fire`` (the check fails) or ``no_fire`` (passes or does not
apply); ``red_line: true|false`` optionally pins the red-line verdict of a
firing case. Turn text is redacted text: PII appears as type tags
(``<BANK_CARD>``), which also count as entities of that type.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from triage.errors import ConfigError
from triage.qa.context import QAContext
from triage.qa.engine import check_rule
from triage.qa.rules import Rule
from triage.schema import CHANNELS, SPEAKERS, CheckResult, Turn

EXPECT = ("fire", "no_fire")


@dataclass(frozen=True)
class Case:
    """One labelled example for a rule."""

    name: str
    expect: str
    turns: tuple[Turn, ...]
    channel: str = "call"
    intent: str | None = None
    secondary: tuple[str, ...] = ()
    severity: str | None = None
    segment: str | None = None
    red_line: bool | None = None
    line: int = 0
    entities: tuple[tuple[int, str], ...] = field(default_factory=tuple)

    def context(self, similarity: bool = False) -> QAContext:
        """The QA context of this case."""
        return QAContext.build(
            self.turns,
            channel=self.channel,
            intent=self.intent,
            secondary=self.secondary,
            severity=self.severity,
            segment=self.segment,
            entities=self.entities,
            similarity=similarity,
        )


def parse_turns(raw: Any, where: str) -> tuple[Turn, ...]:
    """Turns of a case or labelled record, validated."""
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{where}: 'turns' must be a non-empty list")
    turns = []
    for i, t in enumerate(raw):
        if not isinstance(t, dict) or not isinstance(t.get("text"), str):
            raise ConfigError(f"{where}: turns[{i}] needs a text string")
        if t.get("speaker") not in SPEAKERS:
            raise ConfigError(f"{where}: turns[{i}].speaker must be one of {', '.join(SPEAKERS)}")
        start, end = t.get("start"), t.get("end")
        turns.append(
            Turn(
                t["speaker"],
                t["text"],
                float(start) if start is not None else None,
                float(end) if end is not None else None,
            )
        )
    return tuple(turns)


def load_cases(path: Path) -> list[Case]:
    """Read a ``.cases.jsonl`` file; errors name the file and line."""
    cases = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{where}: invalid JSON ({exc.msg})") from exc
            if not isinstance(raw, dict):
                raise ConfigError(f"{where}: a case must be a JSON object")
            if raw.get("expect") not in EXPECT:
                raise ConfigError(f"{where}: 'expect' must be fire or no_fire")
            channel = raw.get("channel", "call")
            if channel not in CHANNELS:
                raise ConfigError(f"{where}: 'channel' must be call or chat")
            cases.append(
                Case(
                    name=str(raw.get("name", f"line {n}")),
                    expect=raw["expect"],
                    turns=parse_turns(raw.get("turns"), where),
                    channel=channel,
                    intent=raw.get("intent"),
                    secondary=tuple(raw.get("secondary", ())),
                    severity=raw.get("severity"),
                    segment=raw.get("segment"),
                    red_line=raw.get("red_line"),
                    line=n,
                    entities=tuple(
                        (int(e["turn"]), str(e["type"])) for e in raw.get("entities", ())
                    ),
                )
            )
    return cases


@dataclass(frozen=True)
class CaseResult:
    """The outcome of running a rule on one case."""

    case: Case
    check: CheckResult | None

    @property
    def fired(self) -> bool:
        """Whether the rule's check failed on the case."""
        return self.check is not None and not self.check.passed

    @property
    def ok(self) -> bool:
        """Whether the outcome agrees with the case's label."""
        if self.fired != (self.case.expect == "fire"):
            return False
        if self.fired and self.case.red_line is not None:
            return self.check.red_line == self.case.red_line  # type: ignore[union-attr]
        return True


def run_cases(rule: Rule, cases: list[Case], similarity: bool = False) -> Iterator[CaseResult]:
    """Run ``rule`` on each case."""
    if similarity:
        from triage.qa.embedder import embed
    for case in cases:
        ctx = case.context(similarity)
        if similarity:
            ctx.embedder = embed
        yield CaseResult(case, check_rule(rule, ctx))
