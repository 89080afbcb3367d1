"""Live surge monitor: hook-style counting, periodic check, banner and webhook delivery."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from triage.kpi.banner import banner_alerts, clear_cache
from triage.kpi.config import load_kpi_config
from triage.kpi.live import LiveSurgeMonitor, get_monitor, observe_chat, set_monitor


class ListSink:
    """Collects what it is sent (a real sink, not a mock of the monitor)."""

    def __init__(self) -> None:
        self.got = []

    def emit(self, alerts) -> None:
        self.got.extend(alerts)


def _history(monitor: LiveSurgeMonitor, now: datetime, days: int = 4) -> None:
    """Steady traffic: every hour 6 card-service chats and 1 fraud chat, for `days` days."""
    start = now.replace(minute=0, second=0, microsecond=0) - timedelta(days=days)
    n = 0
    for h in range(days * 24):
        at = start + timedelta(hours=h)
        for i in range(7):
            n += 1
            intent = "fraud_report" if i == 0 else "card_service"
            monitor.observe(f"h{n}", at, intent, "P4", "general", "")


def test_live_counts_each_chat_once_per_label():
    mon = LiveSurgeMonitor(load_kpi_config(), sinks=[])
    at = datetime(2026, 11, 20, 10, 5, tzinfo=UTC)
    mon.observe("c1", at, "card_service", "P3", "card_services", "我的卡<BANK_CARD>")
    mon.observe("c1", at, "card_service", "P3", "card_services", "还在吗")
    mon.observe("c1", at, "fraud_report", "P1", "fraud_hotline", "被盗刷了")
    hc = mon.counts
    assert sum(hc.totals.values()) == 1
    assert sum(hc.counts[("intent", "card_service")].values()) == 1
    assert sum(hc.counts[("intent", "fraud_report")].values()) == 1
    assert sum(hc.counts[("severity", "P1")].values()) == 1


def test_live_forgets_ended_and_silent_chats_but_keeps_their_counts():
    from triage.kpi.live import CHAT_IDLE_S

    mon = LiveSurgeMonitor(load_kpi_config(), sinks=[])
    at = datetime(2026, 11, 20, 10, 5, tzinfo=UTC)
    for i in range(3):
        mon.observe(f"c{i}", at, "card_service", "P3", "card_services", "")
    assert mon.tracked() == 3
    mon.forget("c0")
    assert mon.tracked() == 2
    later = at + timedelta(seconds=CHAT_IDLE_S + 1)
    mon.observe("c9", later, "card_service", "P3", "card_services", "")
    assert mon.tracked() == 1  # c1 and c2 fell silent too long ago
    assert sum(mon.counts.totals.values()) == 4
    mon.observe("c1", later, "card_service", "P3", "card_services", "")  # back: a new chat
    assert sum(mon.counts.totals.values()) == 5
    mon.observe("c1", later, "card_service", "P3", "card_services", "")
    assert sum(mon.counts.totals.values()) == 5 and mon.tracked() == 2


def test_live_check_alerts_once_and_reaches_sinks(tmp_path):
    sink = ListSink()
    db = f"sqlite:///{tmp_path / 'live.db'}"
    mon = LiveSurgeMonitor(load_kpi_config(), sinks=[sink], banner_db_url=db)
    now = datetime.now(UTC).replace(minute=20)
    _history(mon, now)
    assert mon.check(now) == []
    for i in range(12):  # 12 fraud chats in 20 minutes against ~1 an hour
        mon.observe(
            f"f{i}",
            now - timedelta(minutes=i),
            "fraud_report",
            "P1",
            "fraud_hotline",
            "我的卡<BANK_CARD>被盗刷了",
        )
    fresh = mon.check(now)
    assert {(a.dimension, a.label) for a in fresh} >= {
        ("intent", "fraud_report"),
        ("severity", "P1"),
    }
    assert ("intent", "card_service") not in {(a.dimension, a.label) for a in fresh}
    assert sink.got == fresh
    assert mon.check(now + timedelta(minutes=1)) == []  # not sent twice
    clear_cache()
    banner = banner_alerts(db)
    assert any("欺诈与盗刷" in b["message"] for b in banner)


def test_live_background_task_checks_periodically():
    from dataclasses import replace

    cfg = load_kpi_config()
    cfg = replace(cfg, alerts=replace(cfg.alerts, check_interval_seconds=0.05))
    sink = ListSink()
    mon = LiveSurgeMonitor(cfg, sinks=[sink])
    now = datetime.now(UTC)
    _history(mon, now)
    for i in range(12):
        mon.observe(f"f{i}", now, "fraud_report", "P1", "fraud_hotline", "x")

    async def scenario():
        stop = asyncio.Event()
        task = asyncio.create_task(mon.run(stop))
        for _ in range(100):
            await asyncio.sleep(0.05)
            if sink.got:
                break
        stop.set()
        await asyncio.wait_for(task, 5)

    asyncio.run(scenario())
    assert any(a.label == "fraud_report" for a in sink.got)


def test_live_observe_chat_uses_process_monitor_and_never_raises():
    mon = LiveSurgeMonitor(load_kpi_config(), sinks=[])
    set_monitor(mon)
    try:
        observe_chat("c9", "complaint", "P2", "complaints", "我要投诉")
        assert get_monitor() is mon and sum(mon.counts.totals.values()) == 1
        observe_chat("c10", "complaint", "P2", "complaints", "x", at="not a time")  # type: ignore[arg-type]
    finally:
        set_monitor(None)


def test_live_chat_hook_feeds_the_monitor():
    from pathlib import Path

    from triage.hook import ChatHook
    from triage.pipeline import Pipeline

    config = Path(__file__).resolve().parents[1] / "live_toy_pipeline.yaml"
    hook = ChatHook(Pipeline.from_config(config))
    mon = LiveSurgeMonitor(load_kpi_config(), sinks=[])
    set_monitor(mon)
    try:
        d1 = hook.add_message("chat-1", "customer", "你好，我的卡号6222020200112233445")
        hook.add_message("chat-1", "customer", "还有一个问题")
        hook.add_message("chat-2", "customer", "你好")
    finally:
        set_monitor(None)
    assert sum(mon.counts.totals.values()) == 2  # two chats
    label = d1["intent"]["label"]
    assert sum(mon.counts.counts[("intent", label)].values()) >= 1
    examples = [t for ex in mon.counts.examples.values() for _, t in ex]
    assert not any("6222020200112233445" in t for t in examples)  # only redacted text kept
