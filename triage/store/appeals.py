"""Agents' appeals against confirmed results, decided by supervisors (SPEC §9)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from triage.store.models import Appeal, Interaction, User, Verdict, utcnow
from triage.store.scrub import scrub_free_text
from triage.store.settings import get_setting
from triage.store.verdicts import current_verdict, record_verdict


class AppealError(ValueError):
    """An appeal cannot be made or decided (message is safe to show)."""


def appeal_deadline(session: Session, verdict: Verdict) -> datetime:
    """Until when (naive UTC) the verdict can be appealed (setting ``appeal_days``)."""
    return verdict.created_at + timedelta(days=int(get_setting(session, "appeal_days")))


def open_appeal(session: Session, interaction_id: str) -> Appeal | None:
    """The undecided appeal of an interaction, if any."""
    return session.scalar(
        select(Appeal).where(Appeal.interaction_id == interaction_id, Appeal.status == "open")
    )


def appeal_block_reason(
    session: Session, interaction: Interaction, agent: User, now: datetime | None = None
) -> str | None:
    """Why this agent cannot appeal now (Chinese), or None when an appeal is allowed."""
    if agent.role != "agent" or not agent.agent_id or agent.agent_id != interaction.agent_id:
        return "只能对本人的质检结果申诉"
    verdict = current_verdict(session, interaction.id)
    if verdict is None:
        return "尚未复核，暂不能申诉"
    if not any(vc.decision == "confirm" for vc in verdict.checks) and verdict.reviewed_passed:
        return "复核结果无扣分项，无需申诉"
    if open_appeal(session, interaction.id) is not None:
        return "已有申诉正在处理"
    if session.scalar(select(Appeal.id).where(Appeal.verdict_id == verdict.id)) is not None:
        return "该复核结论已申诉过"
    if (now or utcnow()) > appeal_deadline(session, verdict):
        return "已超过申诉期限"
    return None


def create_appeal(
    session: Session,
    interaction: Interaction,
    agent: User,
    reason: str,
    now: datetime | None = None,
) -> Appeal:
    """File an agent's appeal against the current verdict.

    Raises:
        AppealError: not the agent's own result, not reviewed, nothing confirmed,
            already appealed, or past the deadline.
    """
    block = appeal_block_reason(session, interaction, agent, now)
    if block is not None:
        raise AppealError(block)
    verdict = current_verdict(session, interaction.id)
    assert verdict is not None  # checked by appeal_block_reason
    appeal = Appeal(
        interaction_id=interaction.id,
        verdict_id=verdict.id,
        agent_user_id=agent.id,
        reason=scrub_free_text(reason),
        status="open",
        created_at=now or utcnow(),
    )
    session.add(appeal)
    session.flush()
    return appeal


def decide_appeal(
    session: Session,
    appeal: Appeal,
    supervisor: User,
    accept: bool,
    *,
    decisions: dict[str, str] | None = None,
    intent: str | None = None,
    severity: str | None = None,
    comment: str = "",
) -> Appeal:
    """Decide an open appeal.

    Upholding leaves the verdict as it is. Accepting records a new verdict
    (kind ``appeal``) by the supervisor with the given per-check decisions; when
    none are given, every check the appeal was about is overturned.

    Raises:
        AppealError: the appeal is decided already or the user is not a supervisor.
    """
    if supervisor.role != "supervisor":
        raise AppealError("只有质检主管可以裁决申诉")
    if appeal.status != "open":
        raise AppealError("该申诉已裁决")
    now = utcnow()
    if accept:
        interaction = session.get(Interaction, appeal.interaction_id)
        assert interaction is not None
        if decisions is None:
            decisions = {vc.rule: "overturn" for vc in appeal.verdict.checks}
        verdict = record_verdict(
            session,
            interaction,
            supervisor,
            decisions,
            intent=intent or appeal.verdict.reviewed_intent,
            severity=severity or appeal.verdict.reviewed_severity,
            comment=comment,
            kind="appeal",
        )
        appeal.result_verdict_id = verdict.id
    appeal.status = "accepted" if accept else "upheld"
    appeal.decided_by_id = supervisor.id
    appeal.decided_at = now
    appeal.decision_comment = scrub_free_text(comment)
    session.flush()
    return appeal


def list_appeals(
    session: Session, status: str | None = "open", agent: User | None = None
) -> list[Appeal]:
    """Appeals (open ones by default), newest first; only the agent's own when given."""
    stmt = select(Appeal).options(selectinload(Appeal.verdict), selectinload(Appeal.agent_user))
    if status:
        stmt = stmt.where(Appeal.status == status)
    if agent is not None:
        stmt = stmt.where(Appeal.agent_user_id == agent.id)
    return list(session.scalars(stmt.order_by(Appeal.id.desc()).limit(500)))
