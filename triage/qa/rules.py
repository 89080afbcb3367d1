"""Rule files: schema, loading and validation (``pipelines/qa_rules/*.yaml``).

One rule per file, named after its id (``C03.yaml``), beside its cases
(``C03.cases.jsonl``). A rule either names a ``violation`` (the check fails
when it holds) or a ``require`` (the check fails when it does not hold);
``applies_to`` (metadata) and ``when`` (a condition) decide whether the rule
applies to an interaction at all. Every error names file, rule and field.

Example::

    id: C04
    name: 承诺保本收益
    description: 坐席承诺保本保息、稳赚不赔、零风险
    dimension: 业务合规
    severity: 重度
    weight: 20
    red_line: true
    violation:
      keywords: {speaker: agent, any: [保本保息, 稳赚不赔], negation: true}
    expected: 不得承诺保本或收益
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.config import load_yaml
from triage.errors import ConfigError
from triage.qa.matchers import Condition, Where, build_condition
from triage.qa.matchers.base import boolean, integer
from triage.qa.matchers.meta import MetaMatcher

DIMENSIONS: tuple[str, ...] = ("服务规范", "服务态度", "业务合规", "服务时效")
SEVERITY_LEVELS: tuple[str, ...] = ("重度", "中度", "轻度")
RULE_ID = re.compile(r"^[A-Z][A-Z0-9_]{1,15}$")
_KEYS = {
    "id",
    "name",
    "description",
    "dimension",
    "severity",
    "weight",
    "red_line",
    "enabled",
    "applies_to",
    "when",
    "violation",
    "require",
    "red_line_if",
    "expected",
    "tags",
}


@dataclass(frozen=True)
class Rule:
    """One declarative QA rule.

    Attributes:
        id: Rule id (``C01``…).
        name: Short Chinese name.
        description: What the rule checks (Chinese).
        dimension: 服务规范 / 服务态度 / 业务合规 / 服务时效.
        severity: 重度 / 中度 / 轻度.
        weight: Points deducted when the check fails.
        red_line: A failed check fails the interaction whatever the score.
        enabled: Disabled rules are loaded and validated but not run.
        applies_to: Metadata scope (channel / intent / severity / segment).
        when: Text condition under which the rule applies.
        violation: Condition whose presence fails the check.
        require: Condition whose absence fails the check.
        red_line_if: A failed check is a red line when this also holds.
        expected: What the agent should have done (Chinese), shown on failure.
        path: The file the rule came from.
    """

    id: str
    name: str
    description: str
    dimension: str
    severity: str
    weight: int
    red_line: bool
    enabled: bool
    applies_to: Condition | None
    when: Condition | None
    violation: Condition | None
    require: Condition | None
    red_line_if: Condition | None
    expected: str | None
    path: Path

    @property
    def uses_similarity(self) -> bool:
        """Whether any condition of the rule embeds text."""
        return any(
            c is not None and c.embeds
            for c in (self.when, self.violation, self.require, self.red_line_if)
        )

    @property
    def cases_path(self) -> Path:
        """``<id>.cases.jsonl`` beside the rule file."""
        return self.path.with_name(f"{self.path.stem}.cases.jsonl")


def _text(raw: dict[str, Any], key: str, where: Where, *, required: bool = True) -> str | None:
    if key not in raw:
        if required:
            raise where.at(key).error("is required")
        return None
    val = raw[key]
    if not isinstance(val, str) or not val.strip():
        raise where.at(key).error("must be a non-empty string")
    return val.strip()


def parse_rule(raw: Any, path: Path) -> Rule:
    """Validate one rule mapping read from ``path``.

    Raises:
        ConfigError: naming the file, the rule and the field at fault.
    """
    fname = path.name
    if not isinstance(raw, dict):
        raise ConfigError(f"{fname}: a rule file must hold one mapping")
    rid = raw.get("id")
    if not isinstance(rid, str) or not RULE_ID.match(rid):
        raise ConfigError(f"{fname}: field 'id': must be an upper-case rule id such as C01")
    where = Where(fname, rid, "")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise where.at(unknown[0]).error(f"unknown field; allowed: {', '.join(sorted(_KEYS))}")
    dimension = _text(raw, "dimension", where)
    if dimension not in DIMENSIONS:
        raise where.at("dimension").error(f"must be one of {', '.join(DIMENSIONS)}")
    severity = _text(raw, "severity", where)
    if severity not in SEVERITY_LEVELS:
        raise where.at("severity").error(f"must be one of {', '.join(SEVERITY_LEVELS)}")
    weight = integer(raw.get("weight"), where.at("weight"))
    if weight > 100:
        raise where.at("weight").error("must be <= 100")
    red_line = boolean(raw.get("red_line", False), where.at("red_line"))
    enabled = boolean(raw.get("enabled", True), where.at("enabled"))
    if ("violation" in raw) == ("require" in raw):
        raise where.at("violation").error("give exactly one of violation / require")

    def cond(key: str) -> Condition | None:
        return build_condition(raw[key], where.at(key)) if key in raw else None

    applies_to = None
    if "applies_to" in raw:
        applies_to = MetaMatcher(raw["applies_to"], where.at("applies_to"))
    rule = Rule(
        id=rid,
        name=str(_text(raw, "name", where)),
        description=str(_text(raw, "description", where)),
        dimension=str(dimension),
        severity=str(severity),
        weight=weight,
        red_line=red_line,
        enabled=enabled,
        applies_to=applies_to,
        when=cond("when"),
        violation=cond("violation"),
        require=cond("require"),
        red_line_if=cond("red_line_if"),
        expected=_text(raw, "expected", where, required="require" in raw),
        path=path,
    )
    if path.stem != rid:
        raise where.at("id").error(f"does not match the file name {path.stem!r}")
    return rule


def rule_files(target: Path) -> list[Path]:
    """Rule YAML files of a directory (sorted), or the single file given."""
    if target.is_dir():
        return sorted(p for p in target.glob("*.yaml") if p.is_file())
    if target.is_file():
        return [target]
    raise ConfigError(f"{target}: no such rule file or directory")


def load_rules(targets: Iterable[Path] | Path) -> list[Rule]:
    """Load and validate rules from directories and/or files, ordered by id.

    Raises:
        ConfigError: on the first invalid file or a duplicate rule id.
    """
    paths = [targets] if isinstance(targets, Path) else list(targets)
    rules: dict[str, Rule] = {}
    for target in paths:
        for f in rule_files(target):
            rule = parse_rule(load_yaml(f), f)
            if rule.id in rules:
                raise ConfigError(
                    f"{f.name}: rule {rule.id}: field 'id': duplicate of {rules[rule.id].path.name}"
                )
            rules[rule.id] = rule
    return [rules[k] for k in sorted(rules)]


def iter_enabled(rules: Iterable[Rule]) -> Iterator[Rule]:
    """The rules that run."""
    return (r for r in rules if r.enabled)


__all__ = ["Rule", "DIMENSIONS", "SEVERITY_LEVELS", "load_rules", "parse_rule"]
