"""Evaluates a rule pack on one interaction and scores it (SPEC §7).

The score starts at 100; each failed check deducts its rule's weight; a
failed red line sets ``red_line`` and fails the interaction whatever the
score. Dimension scores are the share of the applicable weight kept in each
dimension (0 when a red line failed there).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from triage.qa.context import QAContext
from triage.qa.matchers.classifier import share_models
from triage.qa.matchers.logic import AllOf
from triage.qa.rules import DIMENSIONS, Rule
from triage.schema import CheckResult, QAResult


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """A rule's verdict on one interaction (None check: rule not applicable)."""

    rule: Rule
    check: CheckResult | None


def _expected(rule: Rule, ctx: QAContext) -> str | None:
    if rule.expected is None:
        return None
    if isinstance(rule.require, AllOf):
        missing = [m for m in rule.require.missing(ctx)]
        if missing and len(missing) < len(rule.require.children):
            return f"{rule.expected}（缺少：{'、'.join(missing)}）"
    return rule.expected


def check_rule(rule: Rule, ctx: QAContext) -> CheckResult | None:
    """One rule's check on one interaction, or None when it does not apply."""
    if rule.applies_to is not None and not rule.applies_to.evaluate(ctx).matched:
        return None
    context_hits: tuple = ()
    if rule.when is not None:
        w = rule.when.evaluate(ctx)
        if not w.matched:
            return None
        context_hits = w.hits
    if rule.violation is not None:
        m = rule.violation.evaluate(ctx)
        failed, evidence = m.matched, m.hits
    else:
        assert rule.require is not None  # guaranteed by parse_rule
        m = rule.require.evaluate(ctx)
        failed, evidence = not m.matched, context_hits
    common = {
        "rule": rule.id,
        "dimension": rule.dimension,
        "name": rule.name,
        "severity": rule.severity,
    }
    if not failed:
        return CheckResult(passed=True, **common)  # type: ignore[arg-type]
    red = rule.red_line or (rule.red_line_if is not None and rule.red_line_if.evaluate(ctx).matched)
    return CheckResult(
        passed=False,
        deduction=rule.weight,
        evidence=ctx.original_spans(evidence),
        expected=_expected(rule, ctx),
        red_line=red,
        **common,  # type: ignore[arg-type]
    )


def score(outcomes: Sequence[RuleOutcome], pass_mark: int) -> QAResult:
    """Combine rule outcomes into the interaction's QA result."""
    checks = [o.check for o in outcomes if o.check is not None]
    total = max(0, 100 - sum(c.deduction for c in checks))
    red = any(c.red_line for c in checks if not c.passed)
    dims: dict[str, int] = {}
    for dim in DIMENSIONS:
        applicable = [o for o in outcomes if o.check is not None and o.rule.dimension == dim]
        weight = sum(o.rule.weight for o in applicable)
        lost = sum(o.check.deduction for o in applicable)  # type: ignore[union-attr]
        if any(o.check.red_line for o in applicable):  # type: ignore[union-attr]
            dims[dim] = 0
        else:
            dims[dim] = round(100 * (weight - lost) / weight) if weight else 100
    return QAResult(
        score=total,
        passed=not red and total >= pass_mark,
        red_line=red,
        checks=tuple(checks),
        dimensions=dims,
    )


class QAEngine:
    """A loaded rule pack plus scoring settings.

    Args:
        rules: The rules (disabled ones are skipped).
        pass_mark: Minimum score to pass (SPEC default 80).
        similarity: Run similarity matchers (slow path: loads the sentence
            encoder on first use); off, they never hold.
    """

    def __init__(
        self, rules: Sequence[Rule], pass_mark: int = 80, similarity: bool = False
    ) -> None:
        self.rules = [r for r in rules if r.enabled]
        # learned matchers of the pack score each clause once for all their models
        share_models(c for r in self.rules for c in (r.when, r.violation, r.require, r.red_line_if))
        self.pass_mark = pass_mark
        self.similarity = similarity

    def outcomes(self, ctx: QAContext) -> list[RuleOutcome]:
        """Every enabled rule's verdict on ``ctx``."""
        if self.similarity and ctx.embedder is None:
            from triage.qa.embedder import embed

            ctx.embedder = embed
        ctx.similarity = self.similarity
        return [RuleOutcome(r, check_rule(r, ctx)) for r in self.rules]

    def evaluate(self, ctx: QAContext) -> QAResult:
        """Score one interaction."""
        return score(self.outcomes(ctx), self.pass_mark)
