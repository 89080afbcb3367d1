"""The review queue: filtering, sorting, pagination and assignment."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, contains_eager

from triage.store.models import Check, Interaction, ReviewItem, User, utcnow

#: Sort keys offered by the queue (name → columns); ``-`` prefix means descending.
SORTS: dict[str, str] = {
    "severity": "严重程度",
    "-started_at": "会话时间（新→旧）",
    "started_at": "会话时间（旧→新）",
    "qa_score": "质检分（低→高）",
    "-qa_score": "质检分（高→低）",
    "enqueued_at": "入队时间",
    "priority": "优先级",
}
STATUS_ZH: dict[str, str] = {"pending": "待分配", "assigned": "已分配", "reviewed": "已复核"}
SOURCE_ZH: dict[str, str] = {"flagged": "自动标记", "sample": "随机抽检"}


class QueueError(ValueError):
    """A queue operation is not allowed (message is safe to show)."""


@dataclass
class QueueFilter:
    """Filters of the review queue (all optional).

    Attributes:
        status: ``open`` (pending + assigned, default), ``pending``, ``assigned``,
            ``reviewed`` or ``all``.
        reason: A flag reason (``severity:P1``) or ``sample``.
        severity: ``P1``..``P4``.
        rule: A rule id that FAILED on the interaction.
        queue: Routing queue code.
        agent_id: Agent id.
        intent: Intent code.
        assignee_id: Assigned reviewer's user id.
        date_from: ``started_at`` on or after (naive UTC).
        date_to: ``started_at`` before (naive UTC).
    """

    status: str = "open"
    reason: str | None = None
    severity: str | None = None
    rule: str | None = None
    queue: str | None = None
    agent_id: str | None = None
    intent: str | None = None
    assignee_id: int | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        """The filters that are set (for the audit log and links)."""
        out: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            if value not in (None, ""):
                out[key] = value.isoformat() if isinstance(value, datetime) else value
        return out


@dataclass
class QueuePage:
    """One page of the queue."""

    items: list[ReviewItem]
    total: int
    page: int
    per_page: int
    filters: QueueFilter = field(default_factory=QueueFilter)

    @property
    def pages(self) -> int:
        """Number of pages (at least 1)."""
        return max(1, -(-self.total // self.per_page))


def _filtered(stmt: Select[Any], f: QueueFilter) -> Select[Any]:
    conds = []
    if f.status == "open":
        conds.append(ReviewItem.status.in_(("pending", "assigned")))
    elif f.status in ("pending", "assigned", "reviewed"):
        conds.append(ReviewItem.status == f.status)
    if f.reason == "sample":
        conds.append(ReviewItem.source == "sample")
    elif f.reason:
        conds.append(Interaction.flag_reasons.like(f"%|{f.reason}|%"))
    if f.severity:
        conds.append(Interaction.severity == f.severity)
    if f.queue:
        conds.append(Interaction.queue == f.queue)
    if f.agent_id:
        conds.append(Interaction.agent_id == f.agent_id)
    if f.intent:
        conds.append(Interaction.intent == f.intent)
    if f.assignee_id is not None:
        conds.append(ReviewItem.assignee_id == f.assignee_id)
    if f.date_from is not None:
        conds.append(Interaction.started_at >= f.date_from)
    if f.date_to is not None:
        conds.append(Interaction.started_at < f.date_to)
    if f.rule:
        # IN over the (rule, passed, interaction_id) index, not a per-row EXISTS probe
        failed = select(Check.interaction_id).where(Check.rule == f.rule, Check.passed.is_(False))
        conds.append(Interaction.id.in_(failed))
    return stmt.where(*conds) if conds else stmt


def _order(sort: str) -> list[Any]:
    sev = case({"P1": 1, "P2": 2, "P3": 3, "P4": 4}, value=Interaction.severity, else_=5)
    orders: dict[str, list[Any]] = {
        "severity": [sev, Interaction.started_at.desc()],
        "-started_at": [Interaction.started_at.desc()],
        "started_at": [Interaction.started_at.asc()],
        "qa_score": [Interaction.qa_score.asc()],
        "-qa_score": [Interaction.qa_score.desc()],
        "enqueued_at": [ReviewItem.enqueued_at.asc()],
        "priority": [Interaction.priority.asc(), Interaction.started_at.desc()],
    }
    return [*orders.get(sort, orders["severity"]), ReviewItem.id.asc()]


def list_queue(
    session: Session,
    filters: QueueFilter | None = None,
    *,
    sort: str = "severity",
    page: int = 1,
    per_page: int = 25,
) -> QueuePage:
    """One page of review items with their interactions, filtered and sorted.

    Args:
        session: Open session.
        filters: What to show (default: open items).
        sort: One of :data:`SORTS`.
        page: 1-based page number.
        per_page: Items per page (1-200).
    """
    f = filters or QueueFilter()
    page = max(1, int(page))
    per_page = max(1, min(int(per_page), 200))
    # Two steps: order and cut narrow rows (ids and sort keys only), then load the page.
    # Sorting the full rows would drag every record's JSON through the sorter.
    joined = select(ReviewItem.id).join(Interaction, ReviewItem.interaction_id == Interaction.id)
    ids = list(
        session.scalars(
            _filtered(joined, f)
            .order_by(*_order(sort))
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    )
    if _needs_join(f):
        count_stmt = _filtered(
            select(func.count(ReviewItem.id)).join(
                Interaction, ReviewItem.interaction_id == Interaction.id
            ),
            f,
        )
    else:
        count_stmt = _filtered(select(func.count(ReviewItem.id)), f)
    total = session.scalar(count_stmt) or 0
    items: list[ReviewItem] = []
    if ids:
        loaded = session.scalars(
            select(ReviewItem)
            .join(ReviewItem.interaction)
            .options(contains_eager(ReviewItem.interaction).defer(Interaction.record))
            .where(ReviewItem.id.in_(ids))
        ).unique()
        by_id = {item.id: item for item in loaded}
        items = [by_id[i] for i in ids if i in by_id]
    return QueuePage(items, int(total), page, per_page, f)


def _needs_join(f: QueueFilter) -> bool:
    """Whether a filter touches the interactions table (else counting needs no join)."""
    return any(
        v not in (None, "")
        for v in (f.severity, f.queue, f.agent_id, f.intent, f.date_from, f.date_to, f.rule)
    ) or (f.reason not in (None, "", "sample"))


def _cached(cache: dict[str, tuple[float, list[str]]], session: Session, ttl: float,
            load: Callable[[], list[str]]) -> list[str]:
    """``load()``'s result, kept ``ttl`` seconds per database URL in ``cache``."""
    key = str(session.get_bind().url)
    hit = cache.get(key)
    if hit and time.monotonic() - hit[0] < ttl:
        return hit[1]
    value = load()
    cache[key] = (time.monotonic(), value)
    return value


_reason_cache: dict[str, tuple[float, list[str]]] = {}


def flag_reason_options(session: Session, ttl: float = 60.0) -> list[str]:
    """Distinct flag reasons present in the store (cached ``ttl`` seconds per database)."""
    def load() -> list[str]:
        combos = session.scalars(
            select(Interaction.flag_reasons).where(Interaction.flagged.is_(True)).distinct()
        )
        return sorted({r for combo in combos for r in combo.split("|") if r})

    return _cached(_reason_cache, session, ttl, load)


_rule_cache: dict[str, tuple[float, list[str]]] = {}


def rule_options(session: Session, ttl: float = 300.0) -> list[str]:
    """Rule ids that appear among the stored checks (cached ``ttl`` seconds per database)."""
    return _cached(_rule_cache, session, ttl,
                   lambda: sorted(session.scalars(select(Check.rule).distinct())))


def assign(session: Session, interaction_id: str, reviewer: User | None) -> ReviewItem:
    """Assign a queued interaction to a reviewer (None: back to pending).

    Raises:
        QueueError: not in the queue, already reviewed, or the user cannot review.
    """
    item = session.scalar(select(ReviewItem).where(ReviewItem.interaction_id == interaction_id))
    if item is None:
        raise QueueError("该会话不在质检队列中")
    if item.status == "reviewed":
        raise QueueError("该会话已复核，不能再分配")
    if reviewer is None:
        item.assignee_id = None
        item.status = "pending"
        item.assigned_at = None
    else:
        if reviewer.role not in ("reviewer", "supervisor") or not reviewer.active:
            raise QueueError("只能分配给质检员或质检主管")
        item.assignee_id = reviewer.id
        item.status = "assigned"
        item.assigned_at = utcnow()
    session.flush()
    return item


def reviewers(session: Session) -> list[User]:
    """Active users who can be assigned reviews."""
    return list(
        session.scalars(
            select(User)
            .where(User.role.in_(("reviewer", "supervisor")), User.active.is_(True))
            .order_by(User.username)
        )
    )
