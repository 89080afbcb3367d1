"""``triage serve --workers 2`` over HTTP: chat affinity, same answers as one process."""

from __future__ import annotations

import asyncio
import uuid

import httpx

from triage.service.schemas import DecisionPublic

PHONE = "13812345678"
FRAUD = "我的信用卡被盗刷了，刚收到短信说消费了五千块，不是我本人操作的，我的电话是" + PHONE
CHAT = [
    ("agent", "您好，XX银行在线客服，工号1023，请问有什么可以帮您？"),
    ("customer", FRAUD),
    ("agent", "请您告诉我短信里收到的验证码"),
    ("customer", "384756"),
    ("customer", "你们再不处理我就去银保监会投诉"),
]


def _chat_id() -> str:
    return f"pool-{uuid.uuid4().hex[:12]}"


def _replay(base: str, token: str, chat: str) -> tuple[list[dict], dict]:
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
        answers = []
        for i, (speaker, text) in enumerate(CHAT):
            r = c.post(
                f"/v1/chats/{chat}/messages",
                json={"speaker": speaker, "text": text, "start": float(i)},
            )
            assert r.status_code == 200, r.text
            answers.append(r.json())
        end = c.delete(f"/v1/chats/{chat}")
        assert end.status_code == 200
        return answers, end.json()


def test_pool_same_decisions_and_record_as_one_process(server, pool_server, api_token):
    chat = _chat_id()
    one, one_end = _replay(server, api_token, chat)
    many, many_end = _replay(pool_server, api_token, chat)
    assert many == one
    assert many_end == one_end
    for body in many:
        DecisionPublic.model_validate(body, strict=True)
        assert PHONE not in str(body) and "384756" not in str(body)
    assert many[3]["pii"] == ["VERIFICATION_CODE"]  # context from the chat's own process
    assert many_end["record"]["route"]["queue"] == "fraud_hotline"


def test_pool_chats_spread_over_processes_keep_their_state(pool_server, api_token):
    headers = {"Authorization": f"Bearer {api_token}"}

    async def run() -> tuple[list[dict], int]:
        async with httpx.AsyncClient(base_url=pool_server, headers=headers, timeout=60) as c:
            chats = [_chat_id() for _ in range(8)]

            async def one(chat: str) -> dict:
                for i in range(3):
                    r = await c.post(
                        f"/v1/chats/{chat}/messages",
                        json={"speaker": "customer", "text": f"我想问下第{i}期账单怎么分期还款"},
                    )
                    assert r.status_code == 200, r.text
                return r.json()

            last = await asyncio.gather(*(one(ch) for ch in chats))
            live = (await c.get("/healthz")).json()["live_chats"]
            for ch in chats:
                assert (await c.delete(f"/v1/chats/{ch}")).status_code == 200
                assert (await c.delete(f"/v1/chats/{ch}")).status_code == 404
            return last, live

    last, live = asyncio.run(run())
    assert [b["turn"] for b in last] == [2] * 8  # every chat's turns reached its own state
    assert live >= 8


def test_pool_errors_auth_and_metrics(pool_server, api_token):
    headers = {"Authorization": f"Bearer {api_token}"}
    assert (
        httpx.post(
            f"{pool_server}/v1/chats/{_chat_id()}/messages",
            json={"speaker": "customer", "text": "你好"},
        ).status_code
        == 401
    )
    with httpx.Client(base_url=pool_server, headers=headers, timeout=60) as c:
        long = c.post(
            f"/v1/chats/{_chat_id()}/messages",
            json={"speaker": "customer", "text": "我" * 499 + PHONE},
        )
        assert long.status_code == 413 and PHONE not in long.text
        assert (
            c.post(
                f"/v1/chats/{_chat_id()}/messages", json={"speaker": "customer", "text": FRAUD}
            ).status_code
            == 200
        )
        scored = c.post(
            "/v1/score",
            json={"id": "r1", "channel": "chat", "turns": [{"speaker": "customer", "text": FRAUD}]},
        )
        assert scored.status_code == 200 and PHONE not in scored.text
        assert scored.json()["route"]["queue"] == "fraud_hotline"
        text = c.get("/metrics").text
    assert 'triage_decisions_total{queue="fraud_hotline",severity="P1"}' in text
    for stage in ("redact", "intent", "qa", "route"):
        assert f'triage_stage_cpu_seconds_total{{stage="{stage}"}}' in text
        assert f'triage_stage_seconds_count{{stage="{stage}"}}' in text
    assert 'triage_errors_total{code="E109",status="413"}' in text
    assert PHONE not in text


def test_pool_concurrent_chats_split_evenly_over_processes(pool_server, api_token):
    """New chats go to the process with the fewest live chats (a hash of the id puts 3-4 of
    4 chats on one of 2 processes half the time, and those chats then wait for each other)."""
    headers = {"Authorization": f"Bearer {api_token}"}
    with httpx.Client(base_url=pool_server, headers=headers, timeout=60) as c:
        before = c.get("/healthz").json()["live_chats_per_process"]
        chats = [_chat_id() for _ in range(4)]
        for chat in chats:
            r = c.post(f"/v1/chats/{chat}/messages", json={"speaker": "customer", "text": "你好"})
            assert r.status_code == 200, r.text
        after = c.get("/healthz").json()["live_chats_per_process"]
        for chat in chats:
            assert c.delete(f"/v1/chats/{chat}").status_code == 200
        end = c.get("/healthz").json()["live_chats_per_process"]
    assert len(before) == 2 and sum(after) == sum(before) + 4 and end == before
    gap = abs(before[0] - before[1])
    assert abs(after[0] - after[1]) == (gap - 4 if gap > 4 else gap % 2)


class EndRecorder:
    """An observer with ``chat_ended``: records decisions and ended chats."""

    def __init__(self) -> None:
        self.decisions: list[str] = []
        self.ended: list[str] = []

    def __call__(self, decision: dict) -> None:
        self.decisions.append(decision["chat_id"])

    def chat_ended(self, chat_id: str) -> None:
        self.ended.append(chat_id)


def test_pool_tells_observers_in_the_server_process_when_a_chat_ends():
    from pathlib import Path

    from triage.service.pool import HookPool
    from triage.service.settings import Settings

    toy = Path(__file__).parents[1] / "live_toy_pipeline.yaml"
    recorder = EndRecorder()
    pool = HookPool(Settings(pipeline=toy), 2, observers=[recorder])
    try:
        for chat in ("a", "b"):
            asyncio.run(pool.add_message_async(chat, "customer", "你好"))
        assert pool.end_chat("a") is not None
        assert pool.end_chat("unknown") is None
        assert recorder.decisions == ["a", "b"] and recorder.ended == ["a"]
    finally:
        pool.close()
