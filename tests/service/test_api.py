"""The service over HTTP: a real ``triage serve`` (default pipeline) on loopback."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from triage.service.schemas import DecisionPublic

PHONE = "13812345678"
FRAUD = "我的信用卡被盗刷了，刚收到短信说消费了五千块，不是我本人操作的，我的电话是" + PHONE


def new_chat() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def test_api_healthz_open_without_token(server):
    r = httpx.get(f"{server}/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["pipeline"] and "live_chats" in body


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "x"}])
def test_api_token_required(server, headers):
    r = httpx.post(
        f"{server}/v1/chats/{new_chat()}/messages",
        json={"speaker": "customer", "text": "你好"},
        headers=headers,
    )
    assert r.status_code == 401
    assert r.json()["error"] == "E401" and r.headers["www-authenticate"] == "Bearer"
    assert httpx.get(f"{server}/metrics", headers=headers).status_code == 401


def test_api_message_redacted_and_routed(client):
    chat = new_chat()
    r = client.post(
        f"/v1/chats/{chat}/messages",
        json={"speaker": "customer", "text": FRAUD, "customer": {"segment": "retail"}},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["chat_id"] == chat and body["turn"] == 0
    assert PHONE not in r.text and PHONE not in body["text"]
    assert "PHONE_NUMBER" in body["pii"]
    assert body["intent"]["label"] == "fraud_report"
    assert body["severity"]["level"] == "P1"
    route = body["route"]
    assert route["queue"] == "fraud_hotline" and route["queue_zh"] == "反欺诈专席"
    assert route["escalate"] is True and route["sla_minutes"] == 0 and route["priority"] == 1
    assert route["rule"] and route["reason"]
    assert body["flags"]["review"] is True and "severity:P1" in body["flags"]["review_reasons"]
    DecisionPublic.model_validate(body, strict=True)  # the documented response shape


def test_api_decision_uses_chat_so_far_and_delete_returns_record(client):
    chat = new_chat()
    client.post(f"/v1/chats/{chat}/messages", json={"speaker": "customer", "text": FRAUD})
    r = client.post(
        f"/v1/chats/{chat}/messages", json={"speaker": "agent", "text": "好的，请您稍等"}
    )
    assert r.status_code == 200 and r.json()["turn"] == 1
    assert r.json()["route"]["queue"] == "fraud_hotline"
    r = client.delete(f"/v1/chats/{chat}")
    assert r.status_code == 200
    record = r.json()["record"]
    assert record["id"] == chat and len(record["turns"]) == 2 and PHONE not in r.text
    assert record["route"]["queue"] == "fraud_hotline"
    missing = client.delete(f"/v1/chats/{chat}")
    assert missing.status_code == 404 and missing.json()["error"] == "E404"


def test_api_code_in_next_message_redacted_with_context(client):
    chat = new_chat()
    client.post(
        f"/v1/chats/{chat}/messages",
        json={"speaker": "agent", "text": "请您告诉我短信里收到的验证码"},
    )
    r = client.post(f"/v1/chats/{chat}/messages", json={"speaker": "customer", "text": "384756"})
    assert r.status_code == 200 and "384756" not in r.text
    assert r.json()["pii"] == ["VERIFICATION_CODE"]
    end = client.delete(f"/v1/chats/{chat}")
    assert "384756" not in end.text


def test_api_elderly_customer_keeps_desk(client):
    r = client.post(
        f"/v1/chats/{new_chat()}/messages",
        json={
            "speaker": "customer",
            "text": "我想问一下你们那个大额存单现在利率是多少，三年期的",
            "customer": {"segment": "elderly"},
        },
    )
    assert r.status_code == 200 and r.json()["route"]["queue"] == "senior_care"


@pytest.mark.parametrize(
    "body,field",
    [
        ({"text": "你好"}, "speaker"),
        ({"speaker": "customer"}, "text"),
        ({"speaker": "bot", "text": "你好"}, "speaker"),
        ({"speaker": "customer", "text": 123}, "text"),
        ({"speaker": "customer", "text": "你好", "start": -3}, "start"),
        ({"speaker": "customer", "text": "你好", "colour": "red"}, "colour"),
        ({"speaker": "customer", "text": "你好", "customer": {"segment": "gold"}}, "segment"),
    ],
)
def test_api_bad_request_names_field(client, body, field):
    r = client.post(f"/v1/chats/{new_chat()}/messages", json=body)
    assert r.status_code == 422
    payload = r.json()
    assert payload["error"] == "E100"
    assert any(field in e["loc"] for e in payload["detail"])
    assert all("input" not in e for e in payload["detail"])


def test_api_invalid_json_no_echo(client):
    raw = '{"speaker": "customer", "text": "我的电话' + PHONE + '"'
    r = client.post(
        f"/v1/chats/{new_chat()}/messages",
        content=raw.encode(),
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 422 and r.json()["detail"][0]["msg"] == "invalid JSON"
    assert PHONE not in r.text


def test_api_text_over_limit_no_echo(client):
    text = ("我的电话" + PHONE) * 60  # 900 characters > TRIAGE_MAX_MESSAGE_CHARS=500
    r = client.post(f"/v1/chats/{new_chat()}/messages", json={"speaker": "customer", "text": text})
    assert r.status_code == 413 and r.json()["error"] == "E109"
    assert "500" in r.json()["detail"] and PHONE not in r.text


def test_api_body_over_limit(client):
    text = "你" * 4000  # 12 kB of UTF-8 > TRIAGE_MAX_MESSAGE_BYTES=8192
    r = client.post(f"/v1/chats/{new_chat()}/messages", json={"speaker": "customer", "text": text})
    assert r.status_code == 413 and r.json()["error"] == "E413"


def test_api_bad_chat_id(client):
    r = client.post("/v1/chats/bad%20id!/messages", json={"speaker": "customer", "text": "你好"})
    assert r.status_code == 422 and any("chat_id" in e["loc"] for e in r.json()["detail"])


def test_api_score_whole_record(client):
    record = {
        "id": "svc-score-1",
        "channel": "call",
        "started_at": "2026-11-20T09:15:00+08:00",
        "agent": {"id": "A1023"},
        "customer": {"segment": "vip"},
        "turns": [
            {
                "speaker": "agent",
                "text": "您好，XX银行客服中心，工号1023，很高兴为您服务。",
                "start": 0.0,
                "end": 3.1,
            },
            {"speaker": "customer", "text": FRAUD, "start": 3.4, "end": 9.8},
        ],
    }
    r = client.post("/v1/score", json=record)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["id"] == "svc-score-1" and out["agent"] == {"id": "A1023"}
    assert PHONE not in r.text
    for key in ("turns", "pii", "intent", "severity", "qa", "route", "review", "model"):
        assert key in out
    assert out["route"]["queue"] == "fraud_hotline"  # P1 overrides the VIP desk


@pytest.mark.parametrize(
    "record,code",
    [({"channel": "call", "turns": []}, "E103"), ({"id": "x", "channel": "call"}, "E104")],
)
def test_api_score_invalid_record(client, record, code):
    r = client.post("/v1/score", json=record)
    assert r.status_code == 422 and r.json()["error"] == code


def test_api_score_not_an_object(client):
    r = client.post("/v1/score", json=[1, 2])
    assert r.status_code == 422 and r.json()["error"] == "E100"


def test_api_metrics(client):
    client.post(f"/v1/chats/{new_chat()}/messages", json={"speaker": "customer", "text": FRAUD})
    client.post(f"/v1/chats/{new_chat()}/messages", json={"speaker": "bot", "text": "x"})
    r = client.get("/metrics")
    assert r.status_code == 200
    text = r.text
    assert (
        'triage_request_seconds_bucket{le="0.02",method="POST",'
        'route="/v1/chats/{chat_id}/messages",status="200"}' in text
    )
    assert 'triage_decisions_total{queue="fraud_hotline",severity="P1"}' in text
    assert 'triage_errors_total{code="E100",status="422"}' in text
    assert "triage_live_chats" in text
    for stage in ("redact", "intent", "severity", "qa", "route", "review"):
        assert f'triage_stage_seconds_count{{stage="{stage}"}}' in text
    assert PHONE not in text


def test_api_docs(server):
    assert httpx.get(f"{server}/docs").status_code == 200
    spec = httpx.get(f"{server}/openapi.json").json()
    assert "/v1/chats/{chat_id}/messages" in spec["paths"] and "/v1/score" in spec["paths"]


def test_api_concurrent_clients(server, api_token):
    async def run() -> list[int]:
        headers = {"Authorization": f"Bearer {api_token}"}
        async with httpx.AsyncClient(base_url=server, headers=headers, timeout=60) as c:
            chats = [new_chat() for _ in range(8)]

            async def one(chat: str, i: int) -> int:
                r = await c.post(
                    f"/v1/chats/{chat}/messages",
                    json={"speaker": "customer", "text": f"我想问下第{i}期账单怎么分期还款"},
                )
                return r.status_code

            return await asyncio.gather(*(one(ch, i) for i in range(4) for ch in chats))

    assert set(asyncio.run(run())) == {200}
