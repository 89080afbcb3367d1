"""JSON API of the review app: the same workflow as the pages."""

from __future__ import annotations

from review_helpers import PASSWORDS


def _api(client_for, user):
    c = client_for()
    r = c.post("/api/review/login", json={"username": user, "password": PASSWORDS[user]})
    assert r.status_code == 200 and r.json()["user"]["username"] == user
    c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return c


def test_review_api_login_errors_are_generic(client_for):
    c = client_for()
    a = c.post("/api/review/login", json={"username": "rev1", "password": "nope-nope"})
    b = c.post("/api/review/login", json={"username": "ghost", "password": "nope-nope"})
    assert a.status_code == b.status_code == 401
    assert a.json() == b.json() == {"error": "E401", "detail": "用户名或密码错误"}


def test_review_api_full_workflow(client_for):
    rev = _api(client_for, "rev1")
    q = rev.get("/api/review/queue", params={"severity": "P1"}).json()
    assert q["total"] == 1 and q["items"][0]["id"] == "call-fixture-0001"
    assert q["items"][0]["flag_reasons"] == ["severity:P1", "qa:below_pass"]
    assert (
        rev.post(
            "/api/review/interactions/call-fixture-0001/assign", json={"assignee": "rev1"}
        ).status_code
        == 200
    )
    d = rev.get("/api/review/interactions/call-fixture-0001").json()
    assert d["failed_rules"] == ["C05", "C07", "C08"] and d["review"]["assignee"] == "rev1"
    assert d["turns"][1]["text"].count("<BANK_CARD>") == 1 and d["turns"][1]["start"] == "00:03"
    bad = rev.post(
        "/api/review/interactions/call-fixture-0001/verdict",
        json={"decisions": {"C01": "overturn"}},
    )
    assert bad.status_code == 400
    v = rev.post(
        "/api/review/interactions/call-fixture-0001/verdict",
        json={
            "decisions": {"C07": "overturn", "C08": "overturn"},
            "intent": "complaint",
            "comment": "ok",
        },
    ).json()
    assert (v["auto_score"], v["reviewed_score"], v["reviewed_passed"]) == (75, 90, True)

    agent = _api(client_for, "agent1023")
    mine = agent.get("/api/review/mine").json()
    assert {r["id"] for r in mine["items"]} == {"call-fixture-0001", "chat-fixture-0003"}
    a = agent.post(
        "/api/review/interactions/call-fixture-0001/appeal", json={"reason": "C05 是复述"}
    ).json()
    assert a["status"] == "open"
    other = _api(client_for, "agent2001")
    assert (
        other.post(
            "/api/review/interactions/call-fixture-0001/appeal", json={"reason": "x"}
        ).status_code
        == 404
    )

    sup = _api(client_for, "sup1")
    assert [x["id"] for x in sup.get("/api/review/appeals").json()["items"]] == [a["id"]]
    upheld = sup.post(
        f"/api/review/appeals/{a['id']}/decision", json={"accept": False, "comment": "维持"}
    ).json()
    assert upheld["status"] == "upheld" and upheld["result_verdict_id"] is None
    cal = sup.get("/api/review/calibration").json()
    assert {r["key"]: r["agreed"] for r in cal["per_rule"]} == {"C05": 1, "C07": 0, "C08": 0}
    assert cal["intent_corrections"] == [["fraud_report", "complaint", 1]]
    s = sup.put("/api/review/settings", json={"appeal_days": 14}).json()
    assert s["settings"]["appeal_days"] == 14
    audit = sup.get("/api/review/audit", params={"action": "appeal_decision"}).json()
    assert audit["total"] == 1 and audit["items"][0]["username"] == "sup1"
    assert audit["items"][0]["detail"]["status"] == "upheld"


def test_review_api_roles(client_for):
    agent = _api(client_for, "agent1023")
    assert agent.get("/api/review/queue").status_code == 403
    assert (
        agent.post("/api/review/interactions/call-fixture-0001/verdict", json={}).status_code == 403
    )
    rev = _api(client_for, "rev1")
    assert rev.post("/api/review/appeals/1/decision", json={"accept": True}).status_code == 403
    assert rev.put("/api/review/settings", json={"pass_mark": 1}).status_code == 403
    adm = _api(client_for, "adm1")
    assert adm.put("/api/review/settings", json={"pass_mark": 70}).status_code == 200
    assert adm.get("/api/review/queue").status_code == 403
