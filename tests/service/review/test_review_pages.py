"""Review pages end to end through the forms (TestClient on the real app)."""

from __future__ import annotations

import io
import re
import zipfile

from review_helpers import csrf_of
from sqlalchemy import select

from triage.store.db import session_scope
from triage.store.models import Appeal, ReviewItem, Verdict


def test_review_pages_queue_filters_sort_and_pagination(client_for):
    c = client_for("rev1")
    html = c.get("/review").text
    ids = re.findall(r'href="/review/([\w-]+)"', html)
    # P1 first, then the P4 ones newest first
    assert ids[:3] == ["call-fixture-0001", "chat-fixture-0003", "call-fixture-0002"]
    assert "欺诈与盗刷" in html and "反欺诈专席" in html and "紧急" in html
    only = c.get("/review?severity=P1").text
    assert "call-fixture-0001" in only and "call-fixture-0002" not in only
    assert "call-fixture-0002" in c.get("/review?rule=C04").text
    assert "call-fixture-0001" not in c.get("/review?rule=C04").text
    assert "chat-fixture-0003" in c.get("/review?date_from=2026-11-22&date_to=2026-11-22").text
    by_score = re.findall(r'href="/review/([\w-]+)"', c.get("/review?sort=qa_score").text)
    assert by_score[0] == "call-fixture-0001"  # lowest score (75) first
    p1 = c.get("/review?per_page=25&page=2").text
    assert "第 2 / 1 页" in p1 or "没有符合条件的会话" in p1
    assert c.get("/review?severity=P9").status_code == 400
    assert c.get("/review?date_from=yesterday").status_code == 400


def test_review_pages_assignment_claim_and_supervisor(client_for, store_url):
    sup = client_for("sup1")
    page = sup.get("/review")
    r = sup.post(
        "/review/call-fixture-0001/assign",
        data={
            "csrf_token": csrf_of(page.text),
            "assignee": "rev2",
            "next": "https://evil.example/",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/review"  # no open redirect
    rev1 = client_for("rev1")
    tok = csrf_of(rev1.get("/review").text)
    # rev1 cannot take rev2's item nor give items to others
    assert (
        rev1.post(
            "/review/call-fixture-0001/assign", data={"csrf_token": tok, "assignee": "rev1"}
        ).status_code
        == 409
    )
    assert (
        rev1.post(
            "/review/call-fixture-0002/assign", data={"csrf_token": tok, "assignee": "rev2"}
        ).status_code
        == 403
    )
    assert (
        rev1.post(
            "/review/call-fixture-0002/assign", data={"csrf_token": tok, "assignee": "rev1"}
        ).status_code
        == 200
    )
    mine = rev1.get("/review?assignee=rev1").text
    assert "call-fixture-0002" in mine and "call-fixture-0001" not in mine
    # verdict on someone else's item is refused
    detail = rev1.get("/review/call-fixture-0001").text
    assert (
        rev1.post(
            "/review/call-fixture-0001/verdict", data={"csrf_token": csrf_of(detail)}
        ).status_code
        == 403
    )
    with session_scope(store_url) as s:
        items = {
            i.interaction_id: i.assignee.username
            for i in s.scalars(select(ReviewItem))
            if i.assignee
        }
    assert items == {"call-fixture-0001": "rev2", "call-fixture-0002": "rev1"}


def test_review_pages_detail_shows_turns_evidence_scores(client_for):
    c = client_for("rev1")
    html = c.get("/review/call-fixture-0001").text
    assert html.count('class="turn ') == 5
    assert "00:03–00:09" in html  # timestamps
    assert '<span class="pii">&lt;BANK_CARD&gt;</span>' in html
    assert '<span class="pii">&lt;PERSON&gt;</span>' in html
    assert '<mark class="evidence" title="C05">不知道</mark>' in html
    assert '<mark class="evidence" title="C05">你自己去查</mark>' in html
    assert "服务态度" in html and "业务合规" in html  # dimensions
    assert "资金风险：盗刷" in html and "监管投诉威胁" in html  # severity reasons
    for rule in ("C05", "C07", "C08"):
        assert f'name="decision_{rule}" value="overturn"' in html
    assert 'name="decision_C01"' not in html  # passed checks are not up for review


def test_review_pages_verdict_appeal_decision_flow(client_for, store_url):
    rev = client_for("rev1")
    detail = rev.get("/review/call-fixture-0001").text
    r = rev.post(
        "/review/call-fixture-0001/verdict",
        data={
            "csrf_token": csrf_of(detail),
            "decision_C05": "confirm",
            "decision_C07": "overturn",
            "decision_C08": "confirm",
            "intent": "complaint",
            "severity": "P2",
            "comment": "开场规范，但存在禁用语",
        },
    )
    assert r.status_code == 200 and "复核结论已保存" in r.text
    assert re.search(r'id="reviewed-score">\s*80<', r.text)
    assert "欺诈与盗刷 → 投诉" in r.text

    agent = client_for("agent1023")
    mine = agent.get("/review/mine").text
    assert "call-fixture-0001" in mine and ">80<" in mine
    d = agent.get("/review/call-fixture-0001").text
    assert 'id="appeal-form"' in d and 'id="verdict-form"' not in d
    r = agent.post(
        "/review/call-fixture-0001/appeal",
        data={"csrf_token": csrf_of(d), "reason": "第3句是转述客户原话"},
    )
    assert r.status_code == 200 and "申诉已提交" in r.text
    again = agent.post(
        "/review/call-fixture-0001/appeal", data={"csrf_token": csrf_of(d), "reason": "再次申诉"}
    )
    assert again.status_code == 409

    sup = client_for("sup1")
    appeals = sup.get("/review/appeals").text
    assert "第3句是转述客户原话" in appeals
    appeal_id = int(re.search(r"/review/appeals/(\d+)/decide", appeals).group(1))
    r = sup.post(
        f"/review/appeals/{appeal_id}/decide",
        data={
            "csrf_token": csrf_of(appeals),
            "decision": "accept",
            "decision_C05": "overturn",
            "decision_C07": "overturn",
            "decision_C08": "confirm",
            "comment": "采纳",
        },
    )
    assert r.status_code == 200 and "申诉成立" in r.text
    with session_scope(store_url) as s:
        a = s.get(Appeal, appeal_id)
        assert a.status == "accepted" and a.decided_by.username == "sup1"
        latest = s.scalars(select(Verdict).order_by(Verdict.id.desc())).first()
        assert latest.kind == "appeal" and latest.reviewed_score == 90
    assert ">90<" in agent.get("/review/mine").text


def test_review_pages_calibration_settings_export(client_for, store_url):
    rev = client_for("rev1")
    d = rev.get("/review/call-fixture-0002").text
    rev.post(
        "/review/call-fixture-0002/verdict",
        data={"csrf_token": csrf_of(d), "decision_C03": "overturn", "decision_C04": "confirm"},
    )
    sup = client_for("sup1")
    cal = sup.get("/review/calibration").text
    assert re.search(r"<td>C03</td><td>1</td><td>0</td><td>1</td>", cal)
    assert re.search(r"<td>C04</td><td>1</td><td>1</td><td>0</td><td>100.0%</td>", cal)
    r = sup.post("/review/export", data={"csrf_token": csrf_of(cal)})
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert any(n.endswith("dataset_info.json") for n in names)

    s_page = sup.get("/review/settings").text
    r = sup.post(
        "/review/settings",
        data={
            "csrf_token": csrf_of(s_page),
            "sampling_share": "1",
            "appeal_days": "3",
            "pass_mark": "85",
        },
    )
    assert r.status_code == 200 and "设置已保存" in r.text
    assert 'name="appeal_days" min="0" max="365" step="1" value="3"' in r.text
    # share 1.0 queues the one unflagged interaction as a sample
    with session_scope(store_url) as s:
        item = s.scalar(select(ReviewItem).where(ReviewItem.interaction_id == "call-fixture-0004"))
        assert item is not None and item.source == "sample"
    bad = sup.post("/review/settings", data={"csrf_token": csrf_of(s_page), "sampling_share": "2"})
    assert bad.status_code == 400
    audit = sup.get("/review/audit?action=settings_update").text
    assert "修改设置" in audit and "sup1" in audit


def test_review_pages_segments_split_placeholders_and_evidence():
    from triage.service.review.actions import segments

    text = "请提供您的姓名<PERSON>和卡号<BANK_CARD>，谢谢"
    start = text.index("姓名")
    segs = segments(text, [(start, text.index("，"), "C06"), (999, 1000, "C01")])
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.pii) for s in segs if s.pii] == [("<PERSON>", True), ("<BANK_CARD>", True)]
    evidence = [s for s in segs if s.rules]
    assert "".join(s.text for s in evidence) == text[start : text.index("，")]
    assert [s.tag for s in evidence] == [False] * (len(evidence) - 1) + [True]  # one tag per run
    masked = segments("尾号138****5678的手机", [])
    assert [s.text for s in masked if s.pii] == ["138****5678"]
