"""SQLAlchemy 2 models of the review store (SPEC §9).

Only redacted data is stored: ``Interaction.record`` is the SPEC §3 output
record (redacted turns); the indexed columns copy the fields the review queue
and the KPI reports filter on. Free text typed by people (comments, appeal
reasons) is scrubbed before it is stored (:mod:`triage.store.scrub`).

Times are stored as naive UTC ``DateTime`` values on every backend.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ROLES: tuple[str, ...] = ("reviewer", "supervisor", "agent", "admin")
ROLE_ZH: dict[str, str] = {
    "reviewer": "质检员",
    "supervisor": "质检主管",
    "agent": "坐席",
    "admin": "管理员",
}

#: Review item status: waiting, assigned to a reviewer, verdict given.
REVIEW_STATUSES: tuple[str, ...] = ("pending", "assigned", "reviewed")
#: Why an interaction is in the review queue.
REVIEW_SOURCES: tuple[str, ...] = ("flagged", "sample")
#: Per-check reviewer decision.
DECISIONS: tuple[str, ...] = ("confirm", "overturn")
#: Appeal status.
APPEAL_STATUSES: tuple[str, ...] = ("open", "upheld", "accepted")


def utcnow() -> datetime:
    """The current time as naive UTC (the storage convention)."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Declarative base of every store table."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Interaction(Base):
    """One scored interaction (redacted SPEC §3 record plus indexed columns)."""

    __tablename__ = "interactions"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))
    agent_id: Mapped[str | None] = mapped_column(String(100))
    segment: Mapped[str | None] = mapped_column(String(20))
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    intent: Mapped[str | None] = mapped_column(String(40))
    intent_confidence: Mapped[float | None] = mapped_column(Float)
    severity: Mapped[str | None] = mapped_column(String(4))
    queue: Mapped[str | None] = mapped_column(String(40))
    priority: Mapped[int | None] = mapped_column(Integer)
    sla_minutes: Mapped[int | None] = mapped_column(Integer)
    escalate: Mapped[bool] = mapped_column(Boolean, default=False)
    qa_score: Mapped[int | None] = mapped_column(Integer)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    red_line: Mapped[bool] = mapped_column(Boolean, default=False)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Flag reasons joined by ``|`` with leading/trailing ``|`` (``|severity:P1|qa:below_pass|``)
    #: so a reason can be filtered with ``LIKE '%|reason|%'``; the list is in ``record``.
    flag_reasons: Mapped[str] = mapped_column(String(500), default="")
    pipeline: Mapped[str | None] = mapped_column(String(100))
    pipeline_version: Mapped[str | None] = mapped_column(String(100))
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    ingested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    checks: Mapped[list[Check]] = relationship(
        back_populates="interaction", cascade="all, delete-orphan", order_by="Check.rule"
    )
    review: Mapped[ReviewItem | None] = relationship(
        back_populates="interaction", cascade="all, delete-orphan", uselist=False
    )

    __table_args__ = (
        Index("ix_interactions_agent_started", "agent_id", "started_at"),
        Index("ix_interactions_started", "started_at"),
        Index("ix_interactions_severity", "severity"),
        Index("ix_interactions_queue", "queue"),
        Index("ix_interactions_intent", "intent"),
        Index("ix_interactions_flagged_started", "flagged", "started_at"),
        # Covers the columns the review queue sorts and filters on, so joining 30k+ queued
        # items never reads the wide rows (the JSON record) (migration 0002).
        Index(
            "ix_interactions_queue_cover",
            "id",
            "severity",
            "started_at",
            "qa_score",
            "priority",
            "queue",
            "intent",
            "agent_id",
            "flag_reasons",
        ),
        Index("ix_interactions_flagged_reasons", "flagged", "flag_reasons"),
    )


class Check(Base):
    """One QA check outcome of an interaction (copied from ``record.qa.checks``)."""

    __tablename__ = "checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interaction_id: Mapped[str] = mapped_column(
        ForeignKey("interactions.id", ondelete="CASCADE"), index=True
    )
    rule: Mapped[str] = mapped_column(String(40))
    passed: Mapped[bool] = mapped_column(Boolean)
    deduction: Mapped[int] = mapped_column(Integer, default=0)
    red_line: Mapped[bool] = mapped_column(Boolean, default=False)
    dimension: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str | None] = mapped_column(String(100))
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    expected: Mapped[str | None] = mapped_column(Text)

    interaction: Mapped[Interaction] = relationship(back_populates="checks")

    __table_args__ = (
        UniqueConstraint("interaction_id", "rule", name="uq_checks_interaction_rule"),
        Index("ix_checks_rule_passed", "rule", "passed", "interaction_id"),
    )


class ReviewItem(Base):
    """An interaction in the review queue and its assignment to a reviewer."""

    __tablename__ = "review_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interaction_id: Mapped[str] = mapped_column(
        ForeignKey("interactions.id", ondelete="CASCADE"), unique=True
    )
    source: Mapped[str] = mapped_column(String(10))  # REVIEW_SOURCES
    status: Mapped[str] = mapped_column(String(10), default="pending")  # REVIEW_STATUSES
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    enqueued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)

    interaction: Mapped[Interaction] = relationship(back_populates="review")
    assignee: Mapped[User | None] = relationship()

    __table_args__ = (
        Index("ix_review_items_status_enqueued", "status", "enqueued_at"),
        Index("ix_review_items_assignee_status", "assignee_id", "status"),
    )


class User(Base):
    """A person who signs in: reviewer, supervisor, agent or admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # ROLES
    password_hash: Mapped[str] = mapped_column(String(255))
    #: For ``agent`` users: the agent id their interactions carry (``agent.id``).
    agent_id: Mapped[str | None] = mapped_column(String(100), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Verdict(Base):
    """A reviewer's verdict on one interaction (or a supervisor's after an appeal).

    The latest verdict of an interaction is its current one; earlier ones stay
    as history. ``reviewed_score`` is kept beside ``auto_score``.
    """

    __tablename__ = "verdicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interaction_id: Mapped[str] = mapped_column(
        ForeignKey("interactions.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(10), default="review")  # review | appeal
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    auto_intent: Mapped[str | None] = mapped_column(String(40))
    reviewed_intent: Mapped[str | None] = mapped_column(String(40))
    auto_severity: Mapped[str | None] = mapped_column(String(4))
    reviewed_severity: Mapped[str | None] = mapped_column(String(4))
    auto_score: Mapped[int | None] = mapped_column(Integer)
    reviewed_score: Mapped[int | None] = mapped_column(Integer)
    auto_passed: Mapped[bool | None] = mapped_column(Boolean)
    reviewed_passed: Mapped[bool | None] = mapped_column(Boolean)
    reviewed_red_line: Mapped[bool] = mapped_column(Boolean, default=False)
    comment: Mapped[str] = mapped_column(Text, default="")

    reviewer: Mapped[User] = relationship()
    checks: Mapped[list[VerdictCheck]] = relationship(
        back_populates="verdict", cascade="all, delete-orphan", order_by="VerdictCheck.rule"
    )


class VerdictCheck(Base):
    """The reviewer's decision on one failed automatic check."""

    __tablename__ = "verdict_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    verdict_id: Mapped[int] = mapped_column(
        ForeignKey("verdicts.id", ondelete="CASCADE"), index=True
    )
    rule: Mapped[str] = mapped_column(String(40))
    decision: Mapped[str] = mapped_column(String(10))  # DECISIONS
    deduction: Mapped[int] = mapped_column(Integer, default=0)
    red_line: Mapped[bool] = mapped_column(Boolean, default=False)
    dimension: Mapped[str | None] = mapped_column(String(40))

    verdict: Mapped[Verdict] = relationship(back_populates="checks")

    __table_args__ = (Index("ix_verdict_checks_rule", "rule", "decision"),)


class Appeal(Base):
    """An agent's appeal against a confirmed result, decided by a supervisor."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interaction_id: Mapped[str] = mapped_column(
        ForeignKey("interactions.id", ondelete="CASCADE"), index=True
    )
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id"))
    agent_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decision_comment: Mapped[str] = mapped_column(Text, default="")
    #: The verdict the supervisor's decision produced (accepted appeals).
    result_verdict_id: Mapped[int | None] = mapped_column(ForeignKey("verdicts.id"))

    agent_user: Mapped[User] = relationship(foreign_keys=[agent_user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    verdict: Mapped[Verdict] = relationship(foreign_keys=[verdict_id])


class AuditEntry(Base):
    """Who did what, when. ``detail`` holds ids and codes only, never text."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(40), index=True)
    target_type: Mapped[str] = mapped_column(String(20), default="")
    target_id: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Setting(Base):
    """A store-wide setting (``sampling_share``, ``appeal_days``, ``pass_mark``)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class WebSession(Base):
    """A signed-in browser session; the cookie holds a random token, the table its hash."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)

    user: Mapped[User] = relationship()


class LoginThrottle(Base):
    """Failed sign-ins per (user name, address); the key is a hash of both."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
