"""Reviewer verdicts: per-check confirm/overturn, category/severity correction, reviewed score."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from triage.schema import INTENTS, SEVERITIES
from triage.store.models import (
    DECISIONS,
    Check,
    Interaction,
    ReviewItem,
    User,
    Verdict,
    VerdictCheck,
    utcnow,
)
from triage.store.scrub import scrub_free_text
from triage.store.settings import get_setting


class VerdictError(ValueError):
    """A verdict cannot be recorded (message is safe to show)."""


@dataclass(frozen=True)
class ReviewedScore:
    """The score recomputed from the reviewer's decisions."""

    score: int
    passed: bool
    red_line: bool
    dimensions: dict[str, int]


def recompute_score(
    auto_score: int | None,
    failed: list[Check],
    decisions: dict[str, str],
    pass_mark: int,
    auto_dimensions: dict[str, Any] | None = None,
) -> ReviewedScore:
    """The reviewed QA score: overturned deductions are given back.

    The starting point is ``min(100, auto score + all failed deductions)``, so
    a score the QA engine clamped at 0 is handled; confirmed deductions are
    then taken off again. A confirmed red-line check fails the interaction
    whatever the score (SPEC §7).

    Args:
        auto_score: The automatic score (None: 100).
        failed: The automatically failed checks.
        decisions: ``rule → confirm|overturn`` (missing rules count as confirmed).
        pass_mark: Pass mark (setting ``pass_mark``).
        auto_dimensions: Automatic score per dimension, if the record had one.
    """
    total = sum(c.deduction for c in failed)
    base = min(100, (100 if auto_score is None else auto_score) + total)
    confirmed = [c for c in failed if decisions.get(c.rule, "confirm") == "confirm"]
    score = max(0, min(100, base - sum(c.deduction for c in confirmed)))
    red = any(c.red_line for c in confirmed)
    dims: dict[str, int] = {}
    for name, value in (auto_dimensions or {}).items():
        if isinstance(value, int | float):
            given_back = sum(
                c.deduction
                for c in failed
                if c.dimension == name and decisions.get(c.rule, "confirm") == "overturn"
            )
            dims[str(name)] = int(min(100, value + given_back))
    return ReviewedScore(
        score=score, passed=score >= pass_mark and not red, red_line=red, dimensions=dims
    )


def failed_checks(interaction: Interaction) -> list[Check]:
    """The automatically failed checks of an interaction, by rule."""
    return [c for c in interaction.checks if not c.passed]


def current_verdict(session: Session, interaction_id: str) -> Verdict | None:
    """The latest verdict of an interaction, or None."""
    return session.scalar(
        select(Verdict)
        .where(Verdict.interaction_id == interaction_id)
        .options(selectinload(Verdict.checks))
        .order_by(Verdict.id.desc())
        .limit(1)
    )


def verdict_history(session: Session, interaction_id: str) -> list[Verdict]:
    """Every verdict of an interaction, oldest first."""
    return list(
        session.scalars(
            select(Verdict)
            .where(Verdict.interaction_id == interaction_id)
            .options(selectinload(Verdict.checks))
            .order_by(Verdict.id)
        )
    )


def latest_verdict_ids():  # type: ignore[no-untyped-def]
    """A subquery of the id of each interaction's latest verdict."""
    return select(func.max(Verdict.id).label("id")).group_by(Verdict.interaction_id).subquery()


def record_verdict(
    session: Session,
    interaction: Interaction,
    reviewer: User,
    decisions: dict[str, str],
    *,
    intent: str | None = None,
    severity: str | None = None,
    comment: str = "",
    kind: str = "review",
) -> Verdict:
    """Record a verdict and mark the review item done.

    Args:
        session: Open session (the caller commits).
        interaction: The interaction reviewed.
        reviewer: The reviewer (or the supervisor deciding an appeal).
        decisions: ``rule → confirm|overturn`` for the failed checks; a failed
            check left out counts as confirmed; rules that did not fail are refused.
        intent: Reviewed category (None: the automatic one is confirmed).
        severity: Reviewed severity (None: confirmed).
        comment: Free text, scrubbed of number runs and e-mails before storing.
        kind: ``review`` or ``appeal``.

    Raises:
        VerdictError: unknown rule, decision, category or severity.
    """
    failed = failed_checks(interaction)
    failed_rules = {c.rule for c in failed}
    for rule, decision in decisions.items():
        if rule not in failed_rules:
            raise VerdictError(f"规则 {rule} 未被判定为不合格，无需复核")
        if decision not in DECISIONS:
            raise VerdictError("复核结论只能是“确认”或“推翻”")
    if intent is not None and intent not in INTENTS:
        raise VerdictError("问题分类无效")
    if severity is not None and severity not in SEVERITIES:
        raise VerdictError("严重程度无效")
    pass_mark = int(get_setting(session, "pass_mark"))
    dims = (interaction.record.get("qa") or {}).get("dimensions") or {}
    result = recompute_score(interaction.qa_score, failed, decisions, pass_mark, dims)
    verdict = Verdict(
        interaction_id=interaction.id,
        reviewer_id=reviewer.id,
        kind=kind,
        created_at=utcnow(),
        auto_intent=interaction.intent,
        reviewed_intent=intent or interaction.intent,
        auto_severity=interaction.severity,
        reviewed_severity=severity or interaction.severity,
        auto_score=interaction.qa_score,
        reviewed_score=result.score,
        auto_passed=interaction.passed,
        reviewed_passed=result.passed,
        reviewed_red_line=result.red_line,
        comment=scrub_free_text(comment),
        checks=[
            VerdictCheck(
                rule=c.rule,
                decision=decisions.get(c.rule, "confirm"),
                deduction=c.deduction,
                red_line=c.red_line,
                dimension=c.dimension,
            )
            for c in failed
        ],
    )
    session.add(verdict)
    item = session.scalar(select(ReviewItem).where(ReviewItem.interaction_id == interaction.id))
    now = utcnow()
    if item is None:
        item = ReviewItem(interaction_id=interaction.id, source="sample", enqueued_at=now)
        session.add(item)
    if item.assignee_id is None and kind == "review":
        item.assignee_id = reviewer.id
        item.assigned_at = now
    item.status = "reviewed"
    item.reviewed_at = now
    session.flush()
    return verdict


def reviewed_dimensions(interaction: Interaction, verdict: Verdict | None) -> dict[str, int]:
    """Score per dimension after the verdict (the automatic ones when not reviewed)."""
    dims = (interaction.record.get("qa") or {}).get("dimensions") or {}
    if verdict is None:
        return {str(k): int(v) for k, v in dims.items() if isinstance(v, int | float)}
    decisions = {vc.rule: vc.decision for vc in verdict.checks}
    return recompute_score(
        interaction.qa_score, failed_checks(interaction), decisions, 100, dims
    ).dimensions
