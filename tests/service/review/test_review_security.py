"""Review app security: cookies, CSRF, throttling, headers, roles, escaping, audit, no PII."""

from __future__ import annotations

import pytest
from review_helpers import PASSWORDS, csrf_of, login
from sqlalchemy import select

from triage.store.db import session_scope
from triage.store.models import AuditEntry, LoginThrottle, WebSession


def test_review_security_session_cookie_flags(client_for):
    client = client_for()
    r = login(client, "rev1", PASSWORDS["rev1"])
    cookie = [h for h in r.headers.get_list("set-cookie") if h.startswith("triage_session=")][0]
    low = cookie.lower()
    assert "httponly" in low and "samesite=strict" in low and "secure" not in low
    assert r.headers["location"] == "/review"


def test_review_security_secure_cookie_over_https(app):
    from fastapi.testclient import TestClient

    client = TestClient(app, base_url="https://testserver")
    r = login(client, "rev1", PASSWORDS["rev1"])
    cookie = [h for h in r.headers.get_list("set-cookie") if h.startswith("triage_session=")][0]
    assert "secure" in cookie.lower()


def test_review_security_store_keeps_only_token_hash(client_for, store_url):
    client = client_for("rev1")
    token = client.cookies.get("triage_session")
    with session_scope(store_url) as s:
        hashes = list(s.scalars(select(WebSession.token_hash)))
    assert token and token not in hashes and len(hashes) == 1


def test_review_security_login_generic_error_and_throttle(client_for, store_url):
    client = client_for()
    unknown = login(client, "nobody", "whatever-pass", expect=401)
    wrong = login(client, "rev1", "wrong-password", expect=401)
    assert "用户名或密码错误" in unknown.text and "用户名或密码错误" in wrong.text
    for _ in range(3):
        login(client, "rev1", "wrong-password", expect=401)  # failures 2..4
    login(client, "rev1", "wrong-password", expect=401)  # 5th failure locks
    r = login(client, "rev1", PASSWORDS["rev1"], expect=429)  # even the right password
    assert "稍后再试" in r.text
    # another user from the same address is not locked
    login(client_for(), "rev2", PASSWORDS["rev2"])
    with session_scope(store_url) as s:
        keys = list(s.scalars(select(LoginThrottle.key)))
    assert all("rev1" not in k for k in keys)  # only hashes of (name, address)


def test_review_security_throttle_window_expires(client_for, store_url):
    from datetime import timedelta

    client = client_for()
    for _ in range(5):
        login(client, "rev1", "wrong-password", expect=401)
    login(client, "rev1", PASSWORDS["rev1"], expect=429)
    with session_scope(store_url) as s:
        row = s.scalars(select(LoginThrottle)).one()
        row.locked_until -= timedelta(minutes=10)
    login(client, "rev1", PASSWORDS["rev1"])


def test_review_security_login_requires_csrf(client_for):
    client = client_for()
    client.get("/login")
    r = client.post(
        "/login",
        data={"username": "rev1", "password": PASSWORDS["rev1"], "csrf_token": "forged"},
        follow_redirects=False,
    )
    assert r.status_code == 403 and "triage_session" not in r.headers.get("set-cookie", "")


@pytest.mark.parametrize(
    "path,data",
    [
        ("/review/call-fixture-0001/verdict", {"decision_C05": "overturn"}),
        ("/review/call-fixture-0001/assign", {"assignee": "rev1"}),
        ("/review/settings", {"sampling_share": "0.5"}),
        ("/logout", {}),
    ],
)
def test_review_security_forms_reject_missing_or_wrong_csrf(client_for, path, data):
    client = client_for("sup1")
    for token in (None, "wrong"):
        body = dict(data)
        if token:
            body["csrf_token"] = token
        r = client.post(path, data=body, follow_redirects=False)
        assert r.status_code == 403, (path, token)
    assert client.get("/review").status_code == 200  # still signed in: logout was refused


def test_review_security_api_writes_need_csrf_header(client_for):
    client = client_for()
    r = client.post("/api/review/login", json={"username": "rev1", "password": PASSWORDS["rev1"]})
    assert r.status_code == 200
    token = r.json()["csrf_token"]
    body = {"decisions": {"C05": "confirm"}}
    assert (
        client.post("/api/review/interactions/call-fixture-0001/verdict", json=body).status_code
        == 403
    )
    ok = client.post(
        "/api/review/interactions/call-fixture-0001/verdict",
        json=body,
        headers={"X-CSRF-Token": token},
    )
    assert ok.status_code == 200 and ok.json()["reviewed_score"] == 75


def test_review_security_headers_on_every_review_answer(client_for):
    client = client_for("sup1")
    for path in (
        "/login",
        "/review",
        "/review/call-fixture-0001",
        "/review/audit",
        "/api/review/queue",
        "/review/does-not-exist",
    ):
        r = client.get(path, follow_redirects=False)
        csp = r.headers.get("content-security-policy", "")
        assert "default-src 'none'" in csp and "script-src" not in csp, path
        assert "'unsafe-inline'" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"


def _walk(routes):
    for route in routes:
        inner = getattr(route, "original_router", None)  # FastAPI's included routers
        if inner is not None:
            yield from _walk(inner.routes)
        else:
            yield route


def _review_routes(app):
    for route in _walk(app.routes):
        path = getattr(route, "path", "")
        if (path.startswith("/review") or path.startswith("/api/review")) and "static" not in path:
            for method in route.methods - {"HEAD"}:
                yield (
                    method,
                    path.replace("{interaction_id}", "call-fixture-0001").replace(
                        "{appeal_id}", "1"
                    ),
                )


def test_review_security_every_route_needs_sign_in(app, client_for):
    client = client_for()
    routes = list(_review_routes(app))
    assert len(routes) >= 25
    for method, path in routes:
        if path in ("/api/review/login", "/api/review/logout"):
            continue
        r = client.request(method, path, follow_redirects=False)
        if path.startswith("/api/"):
            assert r.status_code == 401, (method, path)
        else:
            assert r.status_code == 303 and r.headers["location"] == "/login", (method, path)


ROLE_RULES = {
    # path prefix → roles allowed (GET pages)
    "/review": {"reviewer", "supervisor"},
    "/review/mine": {"agent"},
    "/review/appeals": {"supervisor"},
    "/review/calibration": {"supervisor"},
    "/review/settings": {"supervisor", "admin"},
    "/review/audit": {"supervisor", "admin"},
    "/api/review/queue": {"reviewer", "supervisor"},
    "/api/review/calibration": {"supervisor"},
    "/api/review/appeals": {"supervisor"},
    "/api/review/audit": {"supervisor", "admin"},
    "/api/review/settings": {"supervisor", "admin"},
    "/api/review/mine": {"agent"},
}


@pytest.mark.parametrize(
    "user,role",
    [("rev1", "reviewer"), ("sup1", "supervisor"), ("adm1", "admin"), ("agent1023", "agent")],
)
def test_review_security_roles_checked(client_for, user, role):
    client = client_for(user)
    for path, roles in ROLE_RULES.items():
        r = client.get(path, follow_redirects=False)
        if role in roles:
            assert r.status_code == 200, (user, path)
        else:
            assert r.status_code == 403, (user, path, r.status_code)


def test_review_security_agent_sees_only_own_interactions(client_for):
    client = client_for("agent2001")
    assert client.get("/review/call-fixture-0002").status_code == 200
    assert client.get("/review/call-fixture-0001").status_code == 404  # A1023's
    assert client.get("/api/review/interactions/call-fixture-0001").status_code == 404
    page = client.get("/review/mine").text
    assert "call-fixture-0002" in page and "call-fixture-0001" not in page


def test_review_security_hostile_transcript_is_escaped(client_for):
    client = client_for("rev1")
    html = client.get("/review/chat-fixture-0003").text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script" not in html.lower()


def test_review_security_comment_is_escaped_and_scrubbed(client_for, store_url):
    client = client_for("rev1")
    page = client.get("/review/call-fixture-0001")
    r = client.post(
        "/review/call-fixture-0001/verdict",
        data={
            "csrf_token": csrf_of(page.text),
            "decision_C05": "confirm",
            "comment": "<b onmouseover=x>客户卡号 6222 0212 3456 7890 123</b>",
        },
    )
    assert r.status_code == 200
    assert "<b onmouseover" not in r.text and "&lt;b onmouseover=x&gt;" in r.text
    assert "6222" not in r.text and "&lt;NUMBER&gt;" in r.text


def test_review_security_audit_every_view_and_decision(client_for, store_url):
    client = client_for("rev1")
    client.get("/review")
    page = client.get("/review/call-fixture-0001")
    client.post(
        "/review/call-fixture-0001/verdict",
        data={"csrf_token": csrf_of(page.text), "decision_C07": "overturn"},
    )
    with session_scope(store_url) as s:
        entries = list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    actions = [(e.username, e.action, e.target_id) for e in entries]
    assert ("rev1", "login", entries[0].target_id) in actions
    assert ("rev1", "view_queue", "") in actions
    assert ("rev1", "view_interaction", "call-fixture-0001") in actions
    verdict = [e for e in entries if e.action == "verdict"][0]
    assert verdict.detail["decisions"] == {"C07": "overturn"}
    assert verdict.detail["reviewed_score"] == 80


def test_review_security_no_pii_in_audit_or_pages(client_for, store_url):
    """Typed numbers never reach the audit log; the pages show placeholders only."""
    client = client_for("rev1")
    client.get("/review?agent=13812345678")
    html = client.get("/review/call-fixture-0001").text
    assert "&lt;BANK_CARD&gt;" in html and 'class="pii"' in html
    with session_scope(store_url) as s:
        details = [e.detail for e in s.scalars(select(AuditEntry))]
    # filters are recorded as given (agent ids are work numbers, not customer data),
    # but nothing from the transcript is
    assert not any("盗刷" in str(d) for d in details)
