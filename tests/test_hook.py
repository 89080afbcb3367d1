"""The in-process live-chat hook: whole-chat decisions, redacted state only, bounds, errors.

Uses ``tests/live_toy_pipeline.yaml``: toy model stages (digit-run redactor,
keyword intent) with the real routing and review-flag stages, so these tests
exercise the hook's own behaviour; the real pipeline is covered in tests/service.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest

from triage.config import load_pipeline_config
from triage.errors import ConfigError
from triage.hook import ChatHook, HookError, notify_observers
from triage.pipeline import Pipeline
from triage.schema import Entity, Turn
from triage.stage import Doc, Stage

CONFIG = Path(__file__).parent / "live_toy_pipeline.yaml"
CARD = "6222020200112233445"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture()
def hook(clock) -> ChatHook:
    return ChatHook(Pipeline.from_config(CONFIG), clock=clock, wall_clock=clock)


def test_hook_decision_uses_whole_chat(hook):
    first = hook.add_message("c1", "customer", "我的卡被盗刷了")
    assert first["route"]["queue"] == "fraud_hotline" and first["route"]["rule"] == "P1_FRAUD"
    later = hook.add_message("c1", "customer", "好的，那我等你们电话")
    # The last message alone says nothing; the chat so far is still a P1 fraud report.
    assert later["turn"] == 1
    assert later["intent"]["label"] == "fraud_report"
    assert later["route"]["escalate"] is True and later["route"]["sla_minutes"] == 0
    alone = hook.add_message("c2", "customer", "好的，那我等你们电话")
    assert alone["route"]["rule"] != "P1_FRAUD"


def test_hook_returns_and_keeps_only_redacted_text(hook):
    out = hook.add_message("c1", "customer", f"卡号{CARD}，我要挂失")
    assert CARD not in out["text"] and "<NUM>" in out["text"]
    assert out["pii"] == ["BANK_CARD"]
    assert out["intent"]["label_zh"] == "卡片服务"
    assert CARD not in repr(hook._chats)  # noqa: SLF001 - privacy invariant of the state
    record = hook.end_chat("c1")
    assert record is not None and CARD not in repr(record)
    assert record["pii"] == [{"turn": 0, "start": 2, "end": 21, "type": "BANK_CARD", "score": 0.9}]


def test_hook_redaction_failure_fails_closed(hook):
    hook.add_message("c1", "customer", "你好")
    with pytest.raises(HookError) as err:
        hook.add_message("c1", "customer", f"FAILREDACT {CARD}")
    assert err.value.code == "E202" and err.value.status == 500
    assert CARD not in str(err.value) and "FAILREDACT" not in str(err.value)
    assert "FAILREDACT" not in repr(hook._chats)  # noqa: SLF001
    assert hook.add_message("c1", "customer", "还在吗")["turn"] == 1  # nothing was stored


def test_hook_later_stage_failure_reports_stage_without_text(hook):
    with pytest.raises(HookError) as err:
        hook.add_message("c1", "customer", "BOOM 我的电话13812345678")
    assert err.value.code == "E201" and "intent" in err.value.reason
    assert "13812345678" not in str(err.value)


@pytest.mark.parametrize(
    "args,code,status",
    [
        (("bad id!", "customer", "你好"), "E103", 422),
        (("", "customer", "你好"), "E103", 422),
        (("c1", "robot", "你好"), "E106", 422),
        (("c1", "customer", "   "), "E108", 422),
        (("c1", "customer", 12), "E107", 422),
        (("c1", "customer", "长" * 2001), "E109", 413),
    ],
)
def test_hook_rejects_bad_messages(hook, args, code, status):
    with pytest.raises(HookError) as err:
        hook.add_message(*args)
    assert (err.value.code, err.value.status) == (code, status)
    assert "长长" not in str(err.value)
    assert len(hook) == 0


@pytest.mark.parametrize("start", [-1, float("nan"), float("inf"), True])
def test_hook_rejects_bad_start(hook, start):
    with pytest.raises(HookError, match="start"):
        hook.add_message("c1", "customer", "你好", start=start)


def test_hook_rejects_unknown_segment(hook):
    with pytest.raises(HookError, match="segment"):
        hook.add_message("c1", "customer", "你好", customer={"segment": "gold"})


def test_hook_customer_segment_remembered(hook):
    hook.add_message("c1", "customer", "我要挂失", customer={"segment": "elderly"})
    out = hook.add_message("c1", "customer", "卡丢了")
    assert out["route"]["queue"] == "senior_care" and out["route"]["rule"] == "CARD"
    assert "老年客户专席" in out["route"]["reason"]


def test_hook_start_defaults_to_time_since_chat_began(hook, clock):
    hook.add_message("c1", "agent", "您好")
    clock.now += 42.5
    hook.add_message("c1", "customer", "在吗")
    record = hook.end_chat("c1")
    assert [t["start"] for t in record["turns"]] == [0.0, 42.5]
    hook.add_message("c2", "customer", "在吗", start=7)
    assert hook.end_chat("c2")["turns"][0]["start"] == 7.0


def test_hook_idle_chats_expire(clock):
    hook = ChatHook(Pipeline.from_config(CONFIG), idle_ttl_s=60, clock=clock, wall_clock=clock)
    hook.add_message("old", "customer", "我的卡被盗刷了")
    clock.now += 30
    hook.add_message("fresh", "customer", "你好")
    clock.now += 31  # "old" idle 61 s, "fresh" 31 s
    assert hook.purge_idle() == 1
    assert "old" not in hook and "fresh" in hook
    out = hook.add_message("old", "customer", "你好")
    assert out["turn"] == 0 and out["route"]["rule"] != "P1_FRAUD"  # a new chat


def test_hook_least_recently_used_chat_evicted(clock):
    hook = ChatHook(Pipeline.from_config(CONFIG), max_chats=2, clock=clock, wall_clock=clock)
    hook.add_message("a", "customer", "你好")
    hook.add_message("b", "customer", "你好")
    hook.add_message("a", "customer", "在吗")  # a is now the most recent
    hook.add_message("c", "customer", "你好")
    assert len(hook) == 2 and "b" not in hook and "a" in hook and "c" in hook


def test_hook_keeps_last_turns_with_consistent_pii_offsets(clock):
    hook = ChatHook(Pipeline.from_config(CONFIG), max_turns=3, clock=clock, wall_clock=clock)
    hook.add_message("c1", "customer", f"卡号{CARD}")
    for i in range(3):
        hook.add_message("c1", "customer", f"第{i}句，电话138123456{i}{i}")
    out = hook.add_message("c1", "agent", "好的")
    assert out["turn"] == 4
    record = hook.end_chat("c1")
    assert len(record["turns"]) == 3
    for e in record["pii"]:
        assert 0 <= e["turn"] < 3 and "<NUM>" in record["turns"][e["turn"]]["text"]
    assert [e["turn"] for e in record["pii"]] == [0, 1]


def test_hook_messages_of_one_chat_from_many_threads(hook):
    errors: list[Exception] = []

    def send(i: int) -> None:
        try:
            hook.add_message("c1", "customer", f"第{i}条消息")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    record = hook.end_chat("c1")
    assert sorted(t["text"] for t in record["turns"]) == sorted(f"第{i}条消息" for i in range(20))


def test_hook_end_chat(hook):
    assert hook.end_chat("nope") is None
    hook.add_message("c1", "customer", "我要投诉")
    record = hook.end_chat("c1")
    assert record["id"] == "c1" and record["channel"] == "chat"
    assert record["route"]["queue"] == "complaints" and record["review"]["flagged"] is True
    assert "c1" not in hook and hook.end_chat("c1") is None


def test_hook_requires_a_redact_stage(tmp_path):
    cfg = tmp_path / "p.yaml"
    cfg.write_text(
        "name: x\nstages:\n  - {name: normalize, factory: 'toy_stages:ToyNormalize'}\n",
        encoding="utf-8",
    )
    assert load_pipeline_config(cfg).stages[0].name == "normalize"
    with pytest.raises(ConfigError, match="redact"):
        ChatHook(Pipeline.from_config(cfg))


def test_hook_score_whole_record(hook):
    record = {
        "id": "r1",
        "channel": "call",
        "agent": {"id": "A1"},
        "turns": [
            {"speaker": "agent", "text": "您好，请讲", "start": 0.0, "end": 1.0},
            {"speaker": "customer", "text": f"我要投诉，卡号{CARD}", "start": 1.5},
        ],
    }
    out = hook.score(record)
    assert out["id"] == "r1" and out["agent"] == {"id": "A1"}
    assert CARD not in repr(out) and out["route"]["queue"] == "complaints"


@pytest.mark.parametrize(
    "record,code",
    [
        ({"channel": "call", "turns": []}, "E103"),
        ({"id": "x", "channel": "call"}, "E104"),
        ({"id": "x", "channel": "fax", "turns": [{"speaker": "agent", "text": "a"}]}, "E105"),
        ([1, 2], "E102"),
    ],
)
def test_hook_score_rejects_invalid_records(hook, record, code):
    with pytest.raises(HookError) as err:
        hook.score(record)
    assert err.value.code == code and err.value.status == 422


class _ContextRedact(Stage):
    """Redacts a digits-only turn when the turn before it asks for a 验证码 (needs context)."""

    name = "redact"

    def process(self, doc: Doc) -> None:
        turns = doc.interaction.turns
        out, entities = [], []
        for i, t in enumerate(turns):
            asked = i > 0 and "验证码" in turns[i - 1].text
            if asked and t.text.isdigit():
                entities.append(Entity(i, 0, len(t.text), "VERIFICATION_CODE", 0.8))
                out.append(Turn(t.speaker, "<VERIFICATION_CODE>", t.start, t.end))
            else:
                out.append(t)
        doc.redacted, doc.entities = tuple(out), tuple(entities)


def test_hook_redactor_sees_previous_turns_as_context(clock):
    toy = Pipeline.from_config(CONFIG)
    stages = [_ContextRedact() if s.name == "redact" else s for s in toy.stages]
    hook = ChatHook(Pipeline(toy.config, stages), clock=clock, wall_clock=clock)
    hook.add_message("c1", "agent", "请告诉我短信里的验证码")
    out = hook.add_message("c1", "customer", "384756")
    assert out["text"] == "<VERIFICATION_CODE>" and out["pii"] == ["VERIFICATION_CODE"]
    record = hook.end_chat("c1")
    assert record["pii"] == [
        {"turn": 1, "start": 0, "end": 6, "type": "VERIFICATION_CODE", "score": 0.8}
    ]
    alone = ChatHook(Pipeline(toy.config, stages), context_turns=0, clock=clock)
    alone.add_message("c2", "agent", "请告诉我短信里的验证码")
    assert alone.add_message("c2", "customer", "384756")["text"] == "384756"  # why context


def test_hook_keeps_only_the_customer_segment(hook):
    hook.add_message("c1", "customer", "你好", customer={"segment": "vip", "phone": "13812345678"})
    record = hook.end_chat("c1")
    assert record["customer"] == {"segment": "vip"} and "13812345678" not in repr(record)


def test_hook_observers_get_redacted_decisions_and_cannot_break_it(clock):
    seen: list[dict] = []

    def broken(decision: dict) -> None:
        raise RuntimeError("observer down")

    hook = ChatHook(
        Pipeline.from_config(CONFIG),
        observers=[seen.append, broken],
        clock=clock,
        wall_clock=clock,
    )
    out = hook.add_message("c1", "customer", f"卡号{CARD}被盗刷了")
    assert seen == [out] and CARD not in repr(seen)
    assert out["route"]["queue"] == "fraud_hotline"


def test_hook_notify_observers_logs_a_failure_by_type_and_goes_on(caplog):
    seen: list[dict] = []

    def broken(decision: dict) -> None:
        raise RuntimeError(decision["text"])

    decision = {"chat_id": "c9", "text": "卡号被盗刷了"}
    logger = logging.getLogger("triage.test_observers")
    with caplog.at_level(logging.WARNING, logger=logger.name):
        notify_observers([broken, seen.append], "c9", decision, logger)
    assert seen == [decision]
    (rec,) = [r for r in caplog.records if r.name == logger.name]
    assert rec.getMessage() == "hook.observer_failed"
    assert (rec.chat_id, rec.error_type) == ("c9", "RuntimeError")
    assert "盗刷" not in caplog.text


def test_hook_tells_observers_when_a_chat_ends_and_the_kpi_monitor_forgets_it(clock):
    from triage.hook import KpiObserver
    from triage.kpi.config import load_kpi_config
    from triage.kpi.live import LiveSurgeMonitor, set_monitor

    monitor = LiveSurgeMonitor(load_kpi_config(), sinks=[])
    set_monitor(monitor)
    try:
        hook = ChatHook(
            Pipeline.from_config(CONFIG), observers=[KpiObserver()], clock=clock, wall_clock=clock
        )
        for i in range(5):
            hook.add_message(f"c{i}", "customer", f"卡号{CARD}被盗刷了")
            hook.add_message(f"c{i}", "customer", "还在吗")
        assert monitor.tracked() == 5
        for i in range(4):
            hook.end_chat(f"c{i}")
        assert monitor.tracked() == 1  # only the chat still open is remembered
        assert sum(monitor.counts.totals.values()) == 5  # what was counted stays counted
        assert hook.end_chat("c0") is None and monitor.tracked() == 1
    finally:
        set_monitor(None)


def test_hook_stage_timer_sees_every_stage(clock):
    times: list[tuple[str, float]] = []
    cpu: list[tuple[str, float]] = []
    hook = ChatHook(
        Pipeline.from_config(CONFIG),
        stage_timer=lambda s, t: times.append((s, t)),
        stage_cpu_timer=lambda s, t: cpu.append((s, t)),
        clock=clock,
        wall_clock=clock,
    )
    hook.add_message("c1", "customer", "你好")
    names = [s for s, _ in times]
    assert [s for s, _ in cpu] == names and all(t >= 0 for _, t in cpu)
    # normalize runs twice: on the new message (with redact) and on the new redacted turn
    assert names == [
        "normalize",
        "redact",
        "normalize",
        "intent",
        "severity",
        "qa",
        "route",
        "review",
    ]
    assert all(t >= 0 for _, t in times)


@pytest.mark.parametrize(
    "text,with_context",
    [
        ("384756", True),
        ("幺三八零零", True),
        ("１２３", True),
        ("六个八", True),  # 888888 said as a repeat
        ("我有两个问题", False),
        ("好的我看一下", False),
        ("谢谢你", False),
    ],
)
def test_hook_redaction_context_only_for_number_like_messages(clock, text, with_context):
    seen: list[int] = []

    class Recording(_ContextRedact):
        def process(self, doc: Doc) -> None:
            seen.append(len(doc.interaction.turns))
            super().process(doc)

    toy = Pipeline.from_config(CONFIG)
    stages = [Recording() if s.name == "redact" else s for s in toy.stages]
    hook = ChatHook(Pipeline(toy.config, stages), clock=clock, wall_clock=clock)
    hook.add_message("c1", "agent", "请告诉我短信里的验证码")
    hook.add_message("c1", "customer", text)
    assert seen == [1, 2 if with_context else 1]


def test_hook_normalises_each_turn_once_and_keeps_norm_per_turn(clock):
    seen: list[int] = []

    class CountingNormalize(Stage):
        name = "normalize"

        def process(self, doc: Doc) -> None:
            seen.append(len(doc.interaction.turns))
            doc.norm = [t.text.upper() for t in doc.interaction.turns]

    pipeline = Pipeline.from_config(CONFIG)
    pipeline.stages[0] = CountingNormalize()
    hook = ChatHook(pipeline, clock=clock, wall_clock=clock)
    norms: list[list[str]] = []
    intent = pipeline.stages[2]
    run_intent = intent.process_batch

    def peek(batch):
        norms.extend(list(doc.norm) for doc in batch)  # what the stages after redact see
        run_intent(batch)

    intent.process_batch = peek
    hook.add_message("c1", "customer", "abc")
    hook.add_message("c1", "agent", f"card {CARD}")
    # Per message: the message (with the previous turn as context when it holds a
    # number) for redaction, then the new redacted turn alone; never the whole chat.
    assert seen == [1, 1, 2, 1]
    assert norms == [["ABC"], ["ABC", "CARD <NUM>"]]
