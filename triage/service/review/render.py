"""Jinja2 rendering of the review pages (autoescape on for every template)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChainableUndefined, Environment, FileSystemLoader

from triage.schema import INTENT_ZH, QUEUE_ZH, SEVERITY_ZH
from triage.store.audit import ACTION_ZH
from triage.store.models import ROLE_ZH
from triage.store.queue import SORTS, SOURCE_ZH, STATUS_ZH

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
DISPLAY_OFFSET_HOURS = 8  # times are stored in UTC and shown in China Standard Time


def _local(value: datetime | str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return ""
    from datetime import timedelta

    return (value + timedelta(hours=DISPLAY_OFFSET_HOURS)).strftime(fmt)


def _reason_zh(code: str) -> str:
    from triage.service.review.actions import reason_zh

    return reason_zh(code)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _build_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every template, whatever its extension
        undefined=ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["local"] = _local
    env.filters["reason_zh"] = _reason_zh
    env.filters["pct"] = _pct
    env.globals.update(
        INTENT_ZH=INTENT_ZH,
        SEVERITY_ZH=SEVERITY_ZH,
        QUEUE_ZH=QUEUE_ZH,
        ROLE_ZH=ROLE_ZH,
        STATUS_ZH=STATUS_ZH,
        SOURCE_ZH=SOURCE_ZH,
        ACTION_ZH=ACTION_ZH,
        SORTS=SORTS,
        urlencode=urlencode,
    )
    return env


_env = _build_env()


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render a page; ``auth`` (or None) and the request are always available."""
    ctx = {"request": request, "auth": None, "csrf": "", "flash": None}
    ctx.update(context)
    auth = ctx.get("auth")
    if auth is not None and not ctx.get("csrf"):
        ctx["csrf"] = auth.csrf
    if auth is not None and auth.user.role in ("reviewer", "supervisor"):
        # Surge-alert banner (issue 9): cached briefly, never raises.
        from triage.kpi.banner import banner_alerts
        from triage.service.review.deps import db_url

        ctx.setdefault("kpi_alerts", banner_alerts(db_url(request)))
    html = _env.get_template(template).render(**ctx)
    return HTMLResponse(html, status_code=status_code)
