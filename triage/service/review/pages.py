"""HTML pages of the review app (Chinese UI, forms with CSRF tokens, no scripts)."""

from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

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
from triage.service.review.render import STATIC, render
from triage.service.review.security import (
    LOGIN_CSRF_COOKIE,
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

router = APIRouter(route_class=SecureRoute, include_in_schema=False)

Reviewer = Annotated[Auth, Depends(require(*REVIEWERS))]
Supervisor = Annotated[Auth, Depends(require(*SUPERVISORS))]
Agent = Annotated[Auth, Depends(require(*AGENTS))]
Viewer = Annotated[Auth, Depends(require(*DETAIL_ROLES))]
SettingsUser = Annotated[Auth, Depends(require(*SETTINGS_ROLES))]
Auditor = Annotated[Auth, Depends(require(*AUDIT_ROLES))]

QUEUE_PARAMS = (
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
    "sort",
    "per_page",
)


def _safe_next(value: Any, default: str) -> str:
    """A local ``/review`` path to go back to (never an outside address)."""
    text = str(value or "")
    if text.startswith("/review") and "//" not in text and "\\" not in text and len(text) < 2000:
        return text
    return default


async def _form(request: Request) -> dict[str, Any]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


# ---------------------------------------------------------------- static and sign-in


@router.get("/review/static/review.css")
def stylesheet() -> FileResponse:
    """The app's only stylesheet (served locally)."""
    return FileResponse(STATIC / "review.css", media_type="text/css")


@router.get("/review/static/favicon.svg")
def favicon() -> FileResponse:
    """The app icon (a local file: the CSP allows no other origin)."""
    return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")


@router.get("/favicon.ico")
def favicon_ico() -> RedirectResponse:
    """Browsers ask for /favicon.ico on their own: point them at the local icon."""
    return RedirectResponse("/review/static/favicon.svg", status_code=301)


@router.get("/login")
def login_page(request: Request, auth: Annotated[Auth | None, Depends(optional_auth)]) -> Response:
    """The sign-in form (a fresh double-submit CSRF cookie each time)."""
    if auth is not None:
        return RedirectResponse(actions.home_for(auth.user), status_code=303)
    token = secrets.token_urlsafe(32)
    response = render(request, "login.html", {"login_csrf": token, "error": None})
    set_cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=3600)
    return response


def _login_error(request: Request, exc: ReviewHTTPError) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request, "login.html", {"login_csrf": token, "error": exc.message}, status_code=exc.status
    )
    set_cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=3600)
    return response


@router.post("/login")
async def login(request: Request, db: DbDep) -> Response:
    """Check the form; throttled; generic error; session cookie on success."""
    form = await _form(request)
    try:
        check_csrf(request.cookies.get(LOGIN_CSRF_COOKIE), form.get("csrf_token"))
    except ReviewHTTPError as exc:
        return _login_error(request, exc)
    address = client_address(request)

    def work() -> tuple[str, str]:
        user = actions.attempt_login(
            db, address, form.get("username", ""), form.get("password", "")
        )
        token, _ = start_session(db, user)
        repo.log_event(db, user, "login", "user", str(user.id))
        db.commit()
        return token, actions.home_for(user)

    try:
        token, home = await run_in_threadpool(work)
    except ReviewHTTPError as exc:
        return _login_error(request, exc)
    response = RedirectResponse(home, status_code=303)
    set_cookie(request, response, SESSION_COOKIE, token, max_age=int(SESSION_TTL.total_seconds()))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.post("/logout")
async def logout(
    request: Request, db: DbDep, auth: Annotated[Auth | None, Depends(optional_auth)]
) -> Response:
    """End the session (CSRF-checked)."""
    form = await _form(request)
    if auth is not None:
        check_csrf(auth.csrf, form.get("csrf_token"))

        def work() -> None:
            repo.log_event(db, auth.user, "logout", "user", str(auth.user.id))
            end_session(db, request)
            db.commit()

        await run_in_threadpool(work)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


# ---------------------------------------------------------------- queue


@router.get("/review")
def queue_page(request: Request, db: DbDep, auth: Reviewer) -> Response:
    """The review queue with filters, sorting, pagination and assignment."""
    q = request.query_params
    params = {k: q.get(k) for k in QUEUE_PARAMS if q.get(k)}
    f = actions.queue_filter(db, params)
    sort = params.get("sort") or "severity"
    if sort not in SORTS:
        sort = "severity"
    try:
        page_no = max(1, int(q.get("page") or 1))
        per_page = int(params.get("per_page") or 25)
    except ValueError as exc:
        raise ReviewHTTPError(400, "页码无效") from exc
    page = repo.list_queue(db, f, sort=sort, page=page_no, per_page=min(per_page, 100))
    repo.log_event(
        db, auth.user, "view_queue", "queue", "", page=page.page, total=page.total, **f.as_dict()
    )
    db.commit()
    next_url = "/review?" + urlencode({**params, "page": page.page})
    return render(
        request,
        "queue.html",
        {
            "auth": auth,
            "page": page,
            "f": f,
            "params": params,
            "sort": sort,
            "reasons": repo.flag_reason_options(db),
            "rules": repo.rule_options(db),
            "reviewers": repo.reviewers(db),
            "next_url": next_url,
        },
    )


@router.get("/review/mine")
def my_results(request: Request, db: DbDep, auth: Agent) -> Response:
    """An agent's own results (automatic and reviewed)."""
    try:
        page = max(1, int(request.query_params.get("page") or 1))
    except ValueError as exc:
        raise ReviewHTTPError(400, "页码无效") from exc
    rows, total = actions.own_results(db, auth, page)
    repo.log_event(db, auth.user, "view_own_results", "agent", auth.user.agent_id or "", page=page)
    db.commit()
    return render(
        request,
        "mine.html",
        {"auth": auth, "rows": rows, "total": total, "page": page, "per_page": 25},
    )


# ---------------------------------------------------------------- appeals (supervisor)


@router.get("/review/appeals")
def appeals_page(request: Request, db: DbDep, auth: Supervisor) -> Response:
    """Appeals to decide (``?status=all`` for every appeal)."""
    status = request.query_params.get("status") or "open"
    items = repo.list_appeals(db, None if status == "all" else "open")
    repo.log_event(db, auth.user, "view_appeals", "appeal", "", status=status, count=len(items))
    db.commit()
    return render(request, "appeals.html", {"auth": auth, "appeals": items})


@router.post("/review/appeals/{appeal_id}/decide")
async def decide_appeal(request: Request, appeal_id: int, db: DbDep, auth: Supervisor) -> Response:
    """Uphold or accept an appeal (accept applies the per-check decisions given)."""
    form = await _form(request)
    check_csrf(auth.csrf, form.get("csrf_token"))
    choice = form.get("decision")
    if choice not in ("accept", "uphold"):
        raise ReviewHTTPError(400, "请选择裁决结果")

    def work() -> None:
        from triage.store.models import Appeal

        a = db.get(Appeal, appeal_id)
        if a is None:
            raise ReviewHTTPError(404, "未找到该申诉")
        rules = [vc.rule for vc in a.verdict.checks]
        decisions = actions.parse_decisions(form, rules) if choice == "accept" else None
        actions.decide(db, auth, appeal_id, choice == "accept", decisions, form.get("comment", ""))
        db.commit()

    await run_in_threadpool(work)
    return RedirectResponse("/review/appeals?status=all", status_code=303)


# ---------------------------------------------------------------- calibration, export


@router.get("/review/calibration")
def calibration_page(request: Request, db: DbDep, auth: Supervisor) -> Response:
    """Agreement between automatic and reviewed results per rule and per category."""
    cal = repo.calibration(db)
    repo.log_event(db, auth.user, "view_calibration", "calibration", "", reviewed=cal.reviewed)
    db.commit()
    return render(request, "calibration.html", {"auth": auth, "cal": cal})


@router.post("/review/export")
async def export(request: Request, db: DbDep, auth: Supervisor) -> Response:
    """Download the reviewer corrections as a zipped ``datasets`` folder."""
    form = await _form(request)
    check_csrf(auth.csrf, form.get("csrf_token"))

    def work() -> Path:
        tmp = Path(tempfile.mkdtemp(prefix="triage-export-"))
        ds = repo.export_dataset(db, tmp / "review_corrections")
        archive = shutil.make_archive(
            str(tmp / "review_corrections"), "zip", root_dir=tmp, base_dir="review_corrections"
        )
        repo.log_event(db, auth.user, "export", "dataset", "", rows=len(ds), via="web")
        db.commit()
        return Path(archive)

    archive = await run_in_threadpool(work)
    return FileResponse(
        archive,
        media_type="application/zip",
        filename="review_corrections.zip",
        background=BackgroundTask(shutil.rmtree, archive.parent, ignore_errors=True),
    )


# ---------------------------------------------------------------- settings, audit


@router.get("/review/settings")
def settings_page(request: Request, db: DbDep, auth: SettingsUser) -> Response:
    """Sampling share, appeal days, pass mark; the user list for admins."""
    repo.log_event(db, auth.user, "view_settings", "setting", "")
    db.commit()
    flash = "设置已保存" if request.query_params.get("saved") else None
    users = repo.list_users(db) if auth.user.role == "admin" else []
    return render(
        request,
        "settings.html",
        {
            "auth": auth,
            "settings": repo.all_settings(db),
            "users": users,
            "error": None,
            "flash": flash,
        },
    )


@router.post("/review/settings")
async def save_settings(request: Request, db: DbDep, auth: SettingsUser) -> Response:
    """Save settings (CSRF-checked)."""
    form = await _form(request)
    check_csrf(auth.csrf, form.get("csrf_token"))
    values = {k: form.get(k) for k in ("sampling_share", "appeal_days", "pass_mark")}

    def work() -> None:
        actions.update_settings(db, auth, values)
        db.commit()

    await run_in_threadpool(work)
    return RedirectResponse("/review/settings?saved=1", status_code=303)


@router.get("/review/audit")
def audit_page(request: Request, db: DbDep, auth: Auditor) -> Response:
    """The audit log, newest first (supervisors and admins)."""
    q = request.query_params
    params = {k: q.get(k) for k in ("action", "user", "target") if q.get(k)}
    try:
        page_no = max(1, int(q.get("page") or 1))
    except ValueError as exc:
        raise ReviewHTTPError(400, "页码无效") from exc
    page = repo.list_audit(
        db,
        action=params.get("action"),
        username=params.get("user"),
        target_id=params.get("target"),
        page=page_no,
    )
    repo.log_event(db, auth.user, "view_audit", "audit", "", page=page_no)
    db.commit()
    return render(request, "audit.html", {"auth": auth, "page": page, "params": params})


# ---------------------------------------------------------------- one interaction


@router.get("/review/{interaction_id}")
def detail_page(request: Request, interaction_id: str, db: DbDep, auth: Viewer) -> Response:
    """The redacted transcript, evidence, scores, verdict form and appeal."""
    inter = actions.interaction_for(db, auth, interaction_id)
    data = actions.detail(db, auth, inter)
    repo.log_event(db, auth.user, "view_interaction", "interaction", inter.id)
    db.commit()
    flash = {"verdict": "复核结论已保存", "appeal": "申诉已提交", "assign": "分配已更新"}.get(
        request.query_params.get("saved") or ""
    )
    return render(request, "detail.html", {"auth": auth, "d": data, "error": None, "flash": flash})


@router.post("/review/{interaction_id}/assign")
async def assign(request: Request, interaction_id: str, db: DbDep, auth: Reviewer) -> Response:
    """Assign to a reviewer (supervisors) or claim/release (reviewers)."""
    form = await _form(request)
    check_csrf(auth.csrf, form.get("csrf_token"))

    def work() -> None:
        actions.assign(db, auth, interaction_id, form.get("assignee") or None)
        db.commit()

    await run_in_threadpool(work)
    return RedirectResponse(_safe_next(form.get("next"), "/review"), status_code=303)


@router.post("/review/{interaction_id}/verdict")
async def verdict(request: Request, interaction_id: str, db: DbDep, auth: Reviewer) -> Response:
    """Confirm/overturn each failed check, correct category/severity, comment."""
    form = await _form(request)
    check_csrf(auth.csrf, form.get("csrf_token"))

    def work() -> str:
        inter = actions.interaction_for(db, auth, interaction_id)
        decisions = actions.parse_decisions(form, [c.rule for c in repo.failed_checks(inter)])
        actions.verdict(
            db,
            auth,
            interaction_id,
            decisions,
            form.get("intent"),
            form.get("severity"),
            form.get("comment", ""),
        )
        db.commit()
        return inter.id

    rid = await run_in_threadpool(work)
    return RedirectResponse(f"/review/{quote(rid, safe='')}?saved=verdict", status_code=303)


@router.post("/review/{interaction_id}/appeal")
async def appeal(request: Request, interaction_id: str, db: DbDep, auth: Agent) -> Response:
    """An agent appeals their confirmed result."""
    form = await _form(request)
    check_csrf(auth.csrf, form.get("csrf_token"))

    def work() -> str:
        a = actions.appeal(db, auth, interaction_id, form.get("reason", ""))
        db.commit()
        return a.interaction_id

    rid = await run_in_threadpool(work)
    return RedirectResponse(f"/review/{quote(rid, safe='')}?saved=appeal", status_code=303)
