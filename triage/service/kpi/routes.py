"""Routes of the KPI pages and the surge-alert API (see :mod:`triage.service.kpi`)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from triage.service.review.deps import Auth, db_url, require
from triage.service.review.security import ReviewHTTPError, SecureRoute

router = APIRouter(tags=["kpi"], route_class=SecureRoute)

APPRAISAL_ROLES = ("supervisor", "agent")
ALERT_ROLES = ("reviewer", "supervisor")
PERIOD_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


def _scope(auth: Auth, agent: str | None) -> str | None:
    """The agent filter the user may see: agents only ever their own id."""
    if auth.user.role == "agent":
        if not auth.user.agent_id:
            raise ReviewHTTPError(403, "账号未绑定坐席工号")
        return auth.user.agent_id
    return agent or None


def _build(url: str, period: str | None, team: str | None, agent: str | None):  # type: ignore[no-untyped-def]
    from triage.kpi.appraisal import appraise
    from triage.kpi.config import load_kpi_config
    from triage.kpi.source import load_for_period

    cfg = load_kpi_config()
    month = period or datetime.now(UTC).strftime("%Y-%m")
    records = load_for_period(cfg, month, db_url=url)
    return cfg, appraise(records, month, cfg, team=team or None, agent=agent)


@router.get("/kpi/appraisal", response_class=HTMLResponse)
async def appraisal_page(
    request: Request,
    auth: Annotated[Auth, Depends(require(*APPRAISAL_ROLES))],
    period: Annotated[str | None, Query(pattern=PERIOD_PATTERN)] = None,
    team: Annotated[str | None, Query(max_length=100)] = None,
    agent: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    """The monthly appraisal report (supervisor: all agents; agent: their own)."""
    from triage.kpi.report import render_html

    url = db_url(request)
    cfg, report = await to_thread.run_sync(_build, url, period, team, _scope(auth, agent))
    html = render_html(report, cfg)
    nav = '<p><a href="/review">← 返回质检复核</a></p>'
    html = html.replace("<body>\n", "<body>\n" + nav + "\n", 1)
    return HTMLResponse(html, headers={"Content-Security-Policy": _csp_for(html)})


def _csp_for(html: str) -> str:
    """The review app's policy, plus the hash of the report's one inline stylesheet."""
    import base64
    import hashlib
    import re

    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(m.encode("utf-8")).digest()).decode() + "'"
        for m in re.findall(r"<style>(.*?)</style>", html, flags=re.S)
    ]
    return (
        f"default-src 'none'; style-src 'self' {' '.join(hashes)}; img-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )


@router.get("/kpi/appraisal.csv")
async def appraisal_csv(
    request: Request,
    auth: Annotated[Auth, Depends(require(*APPRAISAL_ROLES))],
    period: Annotated[str | None, Query(pattern=PERIOD_PATTERN)] = None,
    team: Annotated[str | None, Query(max_length=100)] = None,
    agent: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    """The appraisal as CSV (UTF-8 with BOM)."""
    import csv

    from triage.kpi.report import csv_rows

    url = db_url(request)
    cfg, report = await to_thread.run_sync(_build, url, period, team, _scope(auth, agent))
    buf = io.StringIO()
    writer = csv.writer(buf)
    for row in csv_rows(report, cfg):
        writer.writerow(row)
    return Response(
        "\ufeff" + buf.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="kpi_{report.period}.csv"'},
    )


@router.get("/api/kpi/alerts")
async def list_alerts(
    request: Request,
    auth: Annotated[Auth, Depends(require(*ALERT_ROLES))],
    hours: Annotated[float, Query(gt=0, le=24 * 30)] = 48,
) -> list[dict[str, Any]]:
    """Recent unacknowledged surge alerts, newest first."""
    from triage.kpi.sinks import recent_alerts

    rows = await to_thread.run_sync(lambda: recent_alerts(db_url(request), hours=hours))
    return [{**r, "since": r["since"].isoformat()} for r in rows]


@router.post("/api/kpi/alerts/{key}/ack")
async def ack_alert(
    key: str,
    request: Request,
    auth: Annotated[Auth, Depends(require("supervisor"))],
) -> dict[str, Any]:
    """Acknowledge an alert: it leaves the banner."""
    from triage.kpi.banner import clear_cache
    from triage.kpi.sinks import acknowledge

    if not await to_thread.run_sync(acknowledge, key, db_url(request)):
        raise ReviewHTTPError(404, "没有这条告警")
    clear_cache()
    return {"key": key, "acknowledged": True}
