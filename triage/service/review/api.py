"""JSON API of the review app (``/api/review/...``): the same operations as the pages.

Authentication is the same session cookie (``POST /api/review/login`` sets it
and returns the CSRF token); every write must send ``X-CSRF-Token``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from triage.service.review import actions
from triage.service.review.deps import (
    AGENTS,
    AUDIT_ROLES,
    DETAIL_ROLES,
    REVIEWERS,
    SETTINGS_ROLES,
    SUPERVISORS,
    Auth,
    DbDep,
    optional_auth,
    require,
)
from triage.service.review.security import (
    SESSION_COOKIE,
    SESSION_TTL,
    ReviewHTTPError,
    SecureRoute,
    check_csrf,
    client_address,
    end_session,
    set_cookie,
    start_session,
)
from triage.store import repository as repo
from triage.store.queue import SORTS

router = APIRouter(prefix="/api/review", route_class=SecureRoute, tags=["review"])

Reviewer = Annotated[Auth, Depends(require(*REVIEWERS))]
Supervisor = Annotated[Auth, Depends(require(*SUPERVISORS))]
Agent = Annotated[Auth, Depends(require(*AGENTS))]
Viewer = Annotated[Auth, Depends(require(*DETAIL_ROLES))]
SettingsUser = Annotated[Auth, Depends(require(*SETTINGS_ROLES))]
Auditor = Annotated[Auth, Depends(require(*AUDIT_ROLES))]


class LoginIn(BaseModel):
    """Sign-in request."""

    username: str = Field(max_length=64)
    password: str = Field(max_length=256)


class AssignIn(BaseModel):
    """Assignee user name (null: release)."""

    assignee: str | None = Field(default=None, max_length=64)


class VerdictIn(BaseModel):
    """A verdict: ``decisions`` maps failed rule ids to ``confirm``/``overturn``."""

    decisions: dict[str, str] = Field(default_factory=dict)
    intent: str | None = None
    severity: str | None = None
    comment: str = Field(default="", max_length=2000)


class AppealIn(BaseModel):
    """An agent's appeal."""

    reason: str = Field(max_length=2000)


class DecisionIn(BaseModel):
    """A supervisor's decision: ``accept`` with optional per-check decisions."""

    accept: bool
    decisions: dict[str, str] | None = None
    comment: str = Field(default="", max_length=2000)


class SettingsIn(BaseModel):
    """Settings to change (omitted ones stay)."""

    sampling_share: float | None = None
    appeal_days: int | None = None
    pass_mark: int | None = None


@router.post("/login")
def api_login(request: Request, body: LoginIn, db: DbDep) -> JSONResponse:
    """Sign in; sets the session cookie and returns the CSRF token for writes."""
    user = actions.attempt_login(db, client_address(request), body.username, body.password)
    token, web = start_session(db, user)
    repo.log_event(db, user, "login", "user", str(user.id), via="api")
    db.commit()
    response = JSONResponse(
        {"user": {"username": user.username, "role": user.role}, "csrf_token": web.csrf_token}
    )
    set_cookie(request, response, SESSION_COOKIE, token, max_age=int(SESSION_TTL.total_seconds()))
    return response


@router.post("/logout")
def api_logout(
    request: Request, db: DbDep, auth: Annotated[Auth | None, Depends(optional_auth)]
) -> JSONResponse:
    """End the session."""
    if auth is not None:
        check_csrf(auth.csrf, request.headers.get("x-csrf-token"))
        repo.log_event(db, auth.user, "logout", "user", str(auth.user.id), via="api")
        end_session(db, request)
        db.commit()
    response = JSONResponse({"ok": True})
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.get("/queue")
def api_queue(request: Request, db: DbDep, auth: Reviewer) -> dict[str, Any]:
    """The queue; same query parameters as ``/review``."""
    q = request.query_params
    params = {
        k: q.get(k)
        for k in (
            "status",
            "reason",
            "severity",
            "rule",
            "queue",
            "intent",
            "agent",
            "assignee",
            "date_from",
            "date_to",
        )
        if q.get(k)
    }
    f = actions.queue_filter(db, params)
    sort = q.get("sort") or "severity"
    if sort not in SORTS:
        raise ReviewHTTPError(400, "排序方式无效")
    try:
        page_no, per_page = int(q.get("page") or 1), int(q.get("per_page") or 25)
    except ValueError as exc:
        raise ReviewHTTPError(400, "页码无效") from exc
    page = repo.list_queue(db, f, sort=sort, page=page_no, per_page=per_page)
    repo.log_event(
        db,
        auth.user,
        "view_queue",
        "queue",
        "",
        page=page.page,
        total=page.total,
        via="api",
        **f.as_dict(),
    )
    db.commit()
    return {
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "items": [actions.queue_item_dict(i) for i in page.items],
    }


@router.get("/interactions/{interaction_id}")
def api_detail(interaction_id: str, db: DbDep, auth: Viewer) -> dict[str, Any]:
    """One interaction: redacted turns, checks, scores, verdicts, appeal state."""
    inter = actions.interaction_for(db, auth, interaction_id)
    data = actions.detail(db, auth, inter)
    for t in data["turns"]:
        t.pop("segments", None)
    repo.log_event(db, auth.user, "view_interaction", "interaction", inter.id, via="api")
    db.commit()
    return data


@router.post("/interactions/{interaction_id}/assign")
def api_assign(interaction_id: str, body: AssignIn, db: DbDep, auth: Reviewer) -> dict[str, Any]:
    """Assign (supervisors) or claim/release (reviewers)."""
    actions.assign(db, auth, interaction_id, body.assignee)
    db.commit()
    return {"ok": True}


@router.post("/interactions/{interaction_id}/verdict")
def api_verdict(interaction_id: str, body: VerdictIn, db: DbDep, auth: Reviewer) -> dict[str, Any]:
    """Record a verdict; returns it with the reviewed score beside the automatic one."""
    for value in body.decisions.values():
        if value not in ("confirm", "overturn"):
            raise ReviewHTTPError(400, "复核结论只能是“确认”或“推翻”")
    v = actions.verdict(
        db, auth, interaction_id, body.decisions, body.intent, body.severity, body.comment
    )
    db.commit()
    return actions.verdict_dict(v)


@router.post("/interactions/{interaction_id}/appeal")
def api_appeal(interaction_id: str, body: AppealIn, db: DbDep, auth: Agent) -> dict[str, Any]:
    """File an appeal (agents, own results, within the appeal days)."""
    a = actions.appeal(db, auth, interaction_id, body.reason)
    db.commit()
    return actions.appeal_dict(a)


@router.get("/mine")
def api_mine(request: Request, db: DbDep, auth: Agent) -> dict[str, Any]:
    """An agent's own results."""
    try:
        page = max(1, int(request.query_params.get("page") or 1))
    except ValueError as exc:
        raise ReviewHTTPError(400, "页码无效") from exc
    rows, total = actions.own_results(db, auth, page)
    repo.log_event(
        db, auth.user, "view_own_results", "agent", auth.user.agent_id or "", page=page, via="api"
    )
    db.commit()
    for r in rows:
        r["started_at"] = r["started_at"].isoformat(timespec="seconds") if r["started_at"] else None
    return {"total": total, "page": page, "items": rows}


@router.get("/appeals")
def api_appeals(request: Request, db: DbDep, auth: Supervisor) -> dict[str, Any]:
    """Appeals (``?status=open|upheld|accepted|all``)."""
    status = request.query_params.get("status") or "open"
    if status not in ("open", "upheld", "accepted", "all"):
        raise ReviewHTTPError(400, "状态无效")
    items = repo.list_appeals(db, None if status == "all" else status)
    repo.log_event(db, auth.user, "view_appeals", "appeal", "", status=status, via="api")
    db.commit()
    return {"items": [actions.appeal_dict(a) for a in items]}


@router.post("/appeals/{appeal_id}/decision")
def api_decide(appeal_id: int, body: DecisionIn, db: DbDep, auth: Supervisor) -> dict[str, Any]:
    """Uphold or accept an appeal."""
    a = actions.decide(db, auth, appeal_id, body.accept, body.decisions, body.comment)
    db.commit()
    return actions.appeal_dict(a)


@router.get("/calibration")
def api_calibration(db: DbDep, auth: Supervisor) -> dict[str, Any]:
    """Agreement per rule, per category and per severity."""
    cal = repo.calibration(db)
    repo.log_event(db, auth.user, "view_calibration", "calibration", "", via="api")
    db.commit()

    def rows(items: list[Any]) -> list[dict[str, Any]]:
        return [{"key": a.key, "total": a.total, "agreed": a.agreed, "rate": a.rate} for a in items]

    return {
        "reviewed": cal.reviewed,
        "passed_agreement": cal.score_agreement.rate,
        "per_rule": rows(cal.per_rule),
        "per_intent": rows(cal.per_intent),
        "per_severity": rows(cal.per_severity),
        "intent_corrections": [list(p) for p in cal.intent_corrections],
        "severity_corrections": [list(p) for p in cal.severity_corrections],
    }


@router.get("/settings")
def api_settings(db: DbDep, auth: SettingsUser) -> dict[str, Any]:
    """Current settings."""
    repo.log_event(db, auth.user, "view_settings", "setting", "", via="api")
    db.commit()
    return repo.all_settings(db)


@router.put("/settings")
def api_put_settings(body: SettingsIn, db: DbDep, auth: SettingsUser) -> dict[str, Any]:
    """Change settings."""
    out = actions.update_settings(db, auth, body.model_dump(exclude_none=True))
    db.commit()
    return out


@router.get("/audit")
def api_audit(request: Request, db: DbDep, auth: Auditor) -> dict[str, Any]:
    """Audit entries, newest first (``?action=&user=&target=&page=``)."""
    q = request.query_params
    try:
        page_no = max(1, int(q.get("page") or 1))
    except ValueError as exc:
        raise ReviewHTTPError(400, "页码无效") from exc
    page = repo.list_audit(
        db,
        action=q.get("action") or None,
        username=q.get("user") or None,
        target_id=q.get("target") or None,
        page=page_no,
    )
    repo.log_event(db, auth.user, "view_audit", "audit", "", page=page_no, via="api")
    db.commit()
    return {
        "total": page.total,
        "page": page.page,
        "items": [
            {
                "at": e.at.isoformat(timespec="seconds"),
                "username": e.username,
                "action": e.action,
                "target_type": e.target_type,
                "target_id": e.target_id,
                "detail": e.detail,
            }
            for e in page.entries
        ],
    }
