"""KPI pages and alert API in the service: roles, agent scope, CSV, banner alerts."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "kpi_dataset", Path(__file__).resolve().parents[2] / "kpi" / "dataset.py"
)
_dataset = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_dataset)
raw_records = _dataset.raw_records

USERS = [
    ("sup1", "supervisor", "supervisor-pass-1", None),
    ("rev1", "reviewer", "reviewer-pass-1", None),
    ("agentA1", "agent", "agent-pass-123", "A1"),
    ("agentX", "agent", "agent-pass-123", "X9"),
]
PASSWORDS = {name: pw for name, _, pw, _ in USERS}


@pytest.fixture(scope="module")
def password_hashes():
    """argon2 hashes computed once (hashing is deliberately slow)."""
    from triage.store.users import hash_password

    return {name: hash_password(pw) for name, _, pw, _ in USERS}


@pytest.fixture
def store_url(tmp_path, password_hashes):
    from triage.store.db import dispose_engine, session_scope
    from triage.store.ingest import ingest_records
    from triage.store.models import User

    url = f"sqlite:///{tmp_path / 'kpi.db'}"
    ingest_records(url, raw_records())
    with session_scope(url) as s:
        for name, role, _, agent_id in USERS:
            s.add(
                User(
                    username=name, role=role, password_hash=password_hashes[name], agent_id=agent_id
                )
            )
    yield url
    dispose_engine(url)


@pytest.fixture
def client_for(store_url):
    from fastapi.testclient import TestClient

    from triage.service.main import create_app
    from triage.service.settings import Settings

    app = create_app(
        Settings(db_url=store_url), routers=("triage.service.review", "triage.service.kpi")
    )

    def make(username: str | None = None) -> TestClient:
        client = TestClient(app, base_url="http://testserver")
        if username:
            page = client.get("/login")
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            r = client.post(
                "/login",
                data={"username": username, "password": PASSWORDS[username], "csrf_token": token},
                follow_redirects=False,
            )
            assert r.status_code == 303
        return client

    return make


def test_kpi_routes_supervisor_sees_every_agent(client_for):
    r = client_for("sup1").get("/kpi/appraisal?period=2026-11")
    assert r.status_code == 200
    assert "坐席月度考核报告" in r.text
    for agent in ("A1", "A2", "B1"):
        assert f'id="agent-{agent}"' in r.text
    csp = r.headers["content-security-policy"]
    assert "script-src" not in csp and "'sha256-" in csp and "unsafe-inline" not in csp


def test_kpi_routes_agent_sees_only_own_appraisal(client_for):
    c = client_for("agentA1")
    r = c.get("/kpi/appraisal?period=2026-11&agent=B1")  # asking for someone else
    assert r.status_code == 200
    assert 'id="agent-A1"' in r.text and 'id="agent-B1"' not in r.text
    rows = c.get("/kpi/appraisal.csv?period=2026-11").text.lstrip("\ufeff").splitlines()
    assert len(rows) == 2 and rows[1].split(",")[2] == "A1"
    other = client_for("agentX").get("/kpi/appraisal?period=2026-11")  # no interactions
    assert other.status_code == 200 and 'id="agent-' not in other.text


def test_kpi_routes_need_sign_in_and_role(client_for):
    r = client_for().get("/kpi/appraisal", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert client_for("rev1").get("/kpi/appraisal").status_code == 403
    assert client_for().get("/api/kpi/alerts").status_code == 401
    assert client_for("sup1").get("/kpi/appraisal?period=2026-13").status_code == 422


def test_kpi_routes_alert_list_and_acknowledge(client_for, store_url):
    from datetime import datetime, timedelta

    from triage.kpi.records import CST
    from triage.kpi.sinks import BannerSink
    from triage.kpi.surge import SurgeAlert

    since = datetime(2026, 11, 20, 10, tzinfo=CST)
    alert = SurgeAlert(
        "intent",
        "fraud_report",
        since,
        since + timedelta(hours=1),
        12,
        1.5,
        1e-7,
        20,
        3.0,
        (("R4", "我的卡<BANK_CARD>被盗刷"),),
    )
    BannerSink(store_url).store([alert])
    rev = client_for("rev1")
    from triage.kpi.banner import clear_cache

    clear_cache()
    page = rev.get("/review").text
    assert "业务量异常" in page and "欺诈与盗刷" in page and "BANK_CARD" not in page
    assert "业务量异常" not in client_for("agentA1").get("/review/mine").text  # agents: no banner
    shown = rev.get("/api/kpi/alerts").json()
    assert [a["key"] for a in shown] == [alert.key]
    assert "欺诈与盗刷" in shown[0]["message"]
    # reviewers cannot acknowledge; supervisors can (with the CSRF token)
    assert rev.post(f"/api/kpi/alerts/{alert.key}/ack").status_code == 403
    sup = client_for("sup1")
    page = sup.get("/review")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    assert sup.post(f"/api/kpi/alerts/{alert.key}/ack").status_code == 403  # no CSRF token
    r = sup.post(f"/api/kpi/alerts/{alert.key}/ack", headers={"X-CSRF-Token": token})
    assert r.status_code == 200
    assert rev.get("/api/kpi/alerts").json() == []
    assert "业务量异常" not in rev.get("/review").text  # acknowledged: banner gone
