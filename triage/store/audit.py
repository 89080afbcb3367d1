"""Audit log: who did what, when (SPEC §9). Entries hold ids and codes, never text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage.store.models import AuditEntry, User

#: Action codes and their Chinese names (shown on the audit page).
ACTION_ZH: dict[str, str] = {
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出",
    "view_queue": "查看质检队列",
    "view_interaction": "查看会话详情",
    "view_own_results": "查看本人结果",
    "assign": "分配",
    "verdict": "提交复核结论",
    "appeal": "提交申诉",
    "view_appeals": "查看申诉",
    "appeal_decision": "裁决申诉",
    "view_calibration": "查看校准",
    "view_settings": "查看设置",
    "settings_update": "修改设置",
    "view_audit": "查看审计日志",
    "export": "导出复核数据",
    "user_add": "添加用户",
}

_SAFE_DETAIL = (str, int, float, bool, type(None))


def _clean(detail: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in detail.items():
        if isinstance(value, _SAFE_DETAIL):
            out[key] = value if not isinstance(value, str) else value[:200]
        elif isinstance(value, list | tuple):
            out[key] = [v for v in value if isinstance(v, _SAFE_DETAIL)][:50]
        elif isinstance(value, dict):
            out[key] = {str(k): v for k, v in value.items() if isinstance(v, _SAFE_DETAIL)}
    return out


def log_event(
    session: Session,
    user: User | None,
    action: str,
    target_type: str = "",
    target_id: str = "",
    **detail: Any,
) -> AuditEntry:
    """Add an audit entry (the caller commits).

    Args:
        session: Open session.
        user: Who acted (None: anonymous, e.g. a failed sign-in).
        action: One of :data:`ACTION_ZH`.
        target_type: ``interaction``, ``appeal``, ``setting``, ``user``…
        target_id: The target's id.
        **detail: Ids, codes and numbers only (filters used, decisions, counts).
    """
    if action not in ACTION_ZH:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(
        user_id=user.id if user is not None else None,
        username=user.username if user is not None else "",
        action=action,
        target_type=target_type,
        target_id=str(target_id)[:200],
        detail=_clean(detail),
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class AuditPage:
    """One page of audit entries, newest first."""

    entries: list[AuditEntry]
    total: int
    page: int
    per_page: int


def list_audit(
    session: Session,
    *,
    action: str | None = None,
    username: str | None = None,
    target_id: str | None = None,
    since: datetime | None = None,
    page: int = 1,
    per_page: int = 50,
) -> AuditPage:
    """Audit entries filtered by action, user, target and time, newest first."""
    stmt = select(AuditEntry)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    if username:
        stmt = stmt.where(AuditEntry.username == username)
    if target_id:
        stmt = stmt.where(AuditEntry.target_id == target_id)
    if since:
        stmt = stmt.where(AuditEntry.at >= since)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = max(1, page)
    per_page = max(1, min(per_page, 200))
    rows = session.scalars(
        stmt.order_by(AuditEntry.id.desc()).offset((page - 1) * per_page).limit(per_page)
    )
    return AuditPage(list(rows), int(total), page, per_page)
