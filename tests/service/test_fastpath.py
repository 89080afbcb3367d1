"""The lean path for chat messages (triage.service.fastpath).

Over real HTTP (the shared ``triage serve``): the same chat sent through the
lean path (``Content-Type: application/json``) and through FastAPI's route
(``application/vnd.api+json``, which the lean path leaves to FastAPI) gets the
same answers. In process: what the lean path answers itself and what it hands
to the FastAPI app, body included.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from triage.service.fastpath import ChatMessageFastPath

CHAT = [
    {"speaker": "agent", "text": "您好，这里是在线客服，请问有什么可以帮您？"},
    {
        "speaker": "customer",
        "text": "我的卡被盗刷了，刚收到短信说消费了五千块，我电话13812345678",
        "customer": {"segment": "elderly"},
    },
    {"speaker": "agent", "text": "请您告诉我短信里收到的验证码"},
    {"speaker": "customer", "text": "384756", "start": 41.5},
    {"speaker": "customer", "text": "卡号是6222 0212 3456"},
    {"speaker": "customer", "text": "7890 123 就这些"},
    {"speaker": "agent", "text": "好的，已经为您冻结，我叫王小明，工号1023"},
]


def _replay(client: httpx.Client, chat_id: str, content_type: str) -> list[dict[str, Any]]:
    out = []
    for msg in CHAT:
        r = client.post(
            f"/v1/chats/{chat_id}/messages",
            content=json.dumps(msg, ensure_ascii=False).encode(),
            headers={"Content-Type": content_type},
        )
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "application/json"
        body = r.json()
        assert body.pop("chat_id") == chat_id
        out.append(body)
    end = client.delete(f"/v1/chats/{chat_id}")
    assert end.status_code == 200
    record = end.json()["record"]
    record.pop("id")
    out.append(record)
    return out


def test_fastpath_same_answers_as_fastapi_route(client):
    lean = _replay(client, f"lean-{uuid.uuid4().hex[:8]}", "application/json")
    routed = _replay(client, f"routed-{uuid.uuid4().hex[:8]}", "application/vnd.api+json")
    # start is measured by the hook when not sent: the only field allowed to differ
    for a, b in zip(lean, routed, strict=True):
        for side in (a, b):
            for t in side.get("turns", ()):
                t.pop("start", None)
                t.pop("end", None)
    assert lean == routed
    assert "13812345678" not in json.dumps(lean, ensure_ascii=False)
    assert lean[3]["pii"] == ["VERIFICATION_CODE"]


# -- in process: what is answered here and what goes to FastAPI -----------------------


class _Inner:
    """Stands in for FastAPI's stack: records what reaches it and answers 299."""

    def __init__(self) -> None:
        self.calls: list[bytes] = []

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        self.calls.append(body)
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b""})


class _Hook:
    def __init__(self) -> None:
        self.messages: list[tuple[Any, ...]] = []

    def add_message(self, chat_id, speaker, text, start=None, customer=None):  # type: ignore[no-untyped-def]
        self.messages.append((chat_id, speaker, text, start, customer))
        return {"chat_id": chat_id, "turn": 0, "text": text, "route": None, "severity": None}


class _Metrics:
    def __init__(self) -> None:
        self.decisions: list[tuple[Any, Any]] = []

    def decision(self, queue: Any, severity: Any) -> None:
        self.decisions.append((queue, severity))


def _app(token: str | None = None) -> tuple[ChatMessageFastPath, _Inner, _Hook, _Metrics]:
    inner, hook, metrics = _Inner(), _Hook(), _Metrics()
    state = SimpleNamespace(
        settings=SimpleNamespace(api_token=SecretStr(token) if token else None),
        hook=hook,
        metrics=metrics,
        scoring_thread=None,
        limiter=None,
    )
    fast = ChatMessageFastPath(inner, SimpleNamespace(state=state))  # type: ignore[arg-type]
    return fast, inner, hook, metrics


def _call(app, method, path, body=b"", headers=(), chunks=1):  # type: ignore[no-untyped-def]
    size = max(1, -(-len(body) // chunks))
    pieces = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
    incoming = [
        {"type": "http.request", "body": p, "more_body": i < len(pieces) - 1}
        for i, p in enumerate(pieces)
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers],
        "query_string": b"",
    }
    asyncio.run(app(scope, receive, send))
    status = sent[0]["status"]
    payload = b"".join(m.get("body", b"") for m in sent[1:])
    return status, payload, scope


JSON = (("Content-Type", "application/json"),)
GOOD = json.dumps({"speaker": "customer", "text": "你好", "customer": {"segment": "vip"}}).encode()


def test_fastpath_answers_well_formed_message():
    app, inner, hook, metrics = _app()
    status, payload, scope = _call(app, "POST", "/v1/chats/c-1/messages", GOOD, JSON, chunks=3)
    assert status == 200 and inner.calls == []
    assert hook.messages == [("c-1", "customer", "你好", None, {"segment": "vip"})]
    assert json.loads(payload)["chat_id"] == "c-1" and metrics.decisions == [(None, None)]
    assert scope["route"].path == "/v1/chats/{chat_id}/messages"  # the metrics label


@pytest.mark.parametrize(
    "method,path,body,headers",
    [
        ("GET", "/v1/chats/c-1/messages", b"", JSON),
        ("POST", "/v1/chats/c-1", GOOD, JSON),
        ("POST", "/v1/chats/bad id!/messages", GOOD, JSON),
        ("POST", "/v1/chats/c-1/messages", GOOD, ()),
        ("POST", "/v1/chats/c-1/messages", GOOD, (("Content-Type", "text/plain"),)),
        ("POST", "/v1/chats/c-1/messages", b'{"speaker": "customer", "text": "x"', JSON),
        ("POST", "/v1/chats/c-1/messages", b"", JSON),
        ("POST", "/v1/chats/c-1/messages", b"[1, 2]", JSON),
        ("POST", "/v1/chats/c-1/messages", b'{"speaker": "bot", "text": "x"}', JSON),
        ("POST", "/v1/chats/c-1/messages", b'{"speaker": "agent", "text": "x", "a": 1}', JSON),
        (
            "POST",
            "/v1/chats/c-1/messages",
            b'{"speaker": "agent", "text": "x", "start": NaN}',
            JSON,
        ),
        ("POST", "/v1/chats/c-1/messages", b"\xff\xfe", JSON),
    ],
)
def test_fastpath_leaves_the_rest_to_fastapi_body_included(method, path, body, headers):
    app, inner, hook, _ = _app()
    status, _, _ = _call(app, method, path, body, headers, chunks=2)
    assert status == 299 and hook.messages == []
    assert inner.calls == [body]


@pytest.mark.parametrize(
    "authorization,answered",
    [
        (None, False),
        ("Bearer wrong-token-0000000000", False),
        ("Basic test-token-0123456789abcdef", False),
        ("Bearer", False),
        ("Bearer test-token-0123456789abcdef", True),
        ("bearer  test-token-0123456789abcdef ", True),  # FastAPI's HTTPBearer accepts it too
    ],
)
def test_fastpath_token_as_require_token(authorization, answered):
    app, inner, hook, _ = _app(token="test-token-0123456789abcdef")
    headers = JSON + ((("Authorization", authorization),) if authorization else ())
    status, _, _ = _call(app, "POST", "/v1/chats/c-1/messages", GOOD, headers)
    assert (status == 200) is answered
    assert len(inner.calls) == (0 if answered else 1) and len(hook.messages) == int(answered)


def test_fastpath_off_in_settings():
    from triage.service.main import create_app
    from triage.service.settings import Settings

    def classes(app: Any) -> list[str]:
        return [m.cls.__name__ for m in app.user_middleware]

    assert "ChatMessageFastPath" in classes(create_app(Settings()))
    assert "ChatMessageFastPath" not in classes(create_app(Settings(fast_path=False)))
