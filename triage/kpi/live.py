"""Live surge monitoring: the chat hook counts, a background task checks.

The chat hook calls :func:`observe_chat` with each routing decision (the
chat id, its current intent/severity/queue and the redacted message). A chat
is counted once in the hourly totals (when first seen) and once per label it
is ever given, so a chat that turns out to be fraud on its third message still
counts as a fraud report. :meth:`LiveSurgeMonitor.run` is started as a
background task by the service; every ``check_interval_seconds`` it tests the
current (partial) hour and the previous ones against the baseline and sends
new alerts to the sinks. On start it can warm its baseline from the store, so
alerts do not wait for days of live history.

Memory stays flat: the labels already counted for a chat are forgotten when the
chat ends (:func:`forget_chat`, called by the hook), when it has been silent for
``CHAT_IDLE_S`` (a chat the platform never ended), and past ``MAX_TRACKED_CHATS``.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from triage.kpi.config import KpiConfig, load_kpi_config
from triage.kpi.sinks import AlertSink, LogSink, PrometheusSink, WebhookSink
from triage.kpi.surge import HourlyCounts, SurgeAlert, SurgeDetector, hour_index

log = logging.getLogger("triage.kpi.live")

#: Chats remembered for de-duplication (least recently seen forgotten first).
MAX_TRACKED_CHATS = 200_000
#: Seconds of silence after which a chat is forgotten (the hook drops idle chats
#: sooner: 30 minutes by default); a later message counts it as a new chat.
CHAT_IDLE_S = 2 * 3600.0


class LiveSurgeMonitor:
    """Thread-safe hourly counters fed by the chat hook, checked periodically.

    Args:
        config: KPI configuration (``alerts`` section).
        sinks: Where new alerts go (default: log, Prometheus, webhook if configured).
        banner_db_url: When set, new alerts are also stored for the review-app banner.
        registry: Prometheus registry for the default sinks (None: the global one).
    """

    def __init__(
        self,
        config: KpiConfig,
        sinks: Sequence[AlertSink] | None = None,
        banner_db_url: str | None = None,
        registry: Any = None,
    ) -> None:
        self.config = config
        p = config.alerts
        self.counts = HourlyCounts(dimensions=p.dimensions, max_examples=p.examples)
        self.detector = SurgeDetector(p)
        if sinks is None:
            sinks = [LogSink(), PrometheusSink(registry)]
            if p.webhook_url:
                sinks.append(WebhookSink(p.webhook_url, p.webhook_timeout_seconds))
        self.sinks = list(sinks)
        self.banner_db_url = banner_db_url
        self._lock = threading.Lock()
        # chat id -> (labels counted, when last seen as a POSIX timestamp); oldest first
        self._seen: OrderedDict[str, tuple[set[tuple[str, str]], float]] = OrderedDict()
        self._sent: set[str] = set()
        self._active: set[tuple[str, str]] = set()

    def observe(
        self,
        chat_id: str,
        at: datetime,
        intent: str | None,
        severity: str | None,
        queue: str | None,
        snippet: str = "",
    ) -> None:
        """Count one routing decision of a live chat.

        Args:
            chat_id: The chat's id.
            at: When the message arrived (aware).
            intent: Current intent label.
            severity: Current severity level.
            queue: Current queue.
            snippet: The REDACTED message (kept, shortened, as an example).
        """
        limit = self.config.alerts.example_chars
        text = " ".join(snippet.split())
        text = text[:limit] + ("…" if len(text) > limit else "")
        labels = {"intent": intent, "severity": severity, "queue": queue}
        stamp = at.timestamp()
        with self._lock:
            self._forget_idle(stamp)
            entry = self._seen.pop(chat_id, None)
            first = entry is None
            seen = set() if entry is None else entry[0]
            self._seen[chat_id] = (seen, stamp)
            if len(self._seen) > MAX_TRACKED_CHATS:
                self._seen.popitem(last=False)
            new_labels = {
                d: v
                for d, v in labels.items()
                if v and d in self.counts.dimensions and (d, v) not in seen
            }
            seen.update(new_labels.items())
            if first:
                self.counts.add(at, new_labels, chat_id, text)
            elif new_labels:
                h = hour_index(at)
                for d, v in new_labels.items():
                    self.counts.counts[(d, v)][h] += 1
                    ex = self.counts.examples[(d, v, h)]
                    if len(ex) < self.counts.max_examples:
                        ex.append((chat_id, text))

    def forget(self, chat_id: str) -> None:
        """Drop what is remembered of an ended chat (its counts stay)."""
        with self._lock:
            self._seen.pop(chat_id, None)

    def tracked(self) -> int:
        """Chats remembered for de-duplication."""
        with self._lock:
            return len(self._seen)

    def _forget_idle(self, now: float) -> None:
        while self._seen:
            _, (_, last) = next(iter(self._seen.items()))
            if now - last <= CHAT_IDLE_S:
                break
            self._seen.popitem(last=False)

    def warm_start(self, db_url: str | None = None, now: datetime | None = None) -> int:
        """Fill the baseline from the store's last ``window_hours``; returns records read."""
        from triage.kpi.source import load_store

        now = now or datetime.now(UTC)
        start = now - timedelta(hours=self.config.alerts.window_hours)
        records = load_store(db_url, self.config, start, now)
        with self._lock:
            self.counts.add_records(records)
        return len(records)

    def check(self, now: datetime | None = None) -> list[SurgeAlert]:
        """Test the last few hours (the current one as a partial hour); send new alerts.

        Returns:
            Alerts not sent before.
        """
        now = now or datetime.now(UTC)
        h = hour_index(now)
        with self._lock:
            self.counts.prune(h - self.config.alerts.window_hours - 24)
            found = self.detector.detect(self.counts, start_hour=h - 2, end_hour=h, now=now)
        fresh = [a for a in found if a.key not in self._sent]
        active_now = {(a.dimension, a.label) for a in found}
        ended = self._active - active_now
        self._active = active_now
        for sink in self.sinks:
            if ended and isinstance(sink, PrometheusSink):
                sink.clear(ended)
        if fresh and self.banner_db_url is not None:
            from triage.kpi.sinks import BannerSink

            try:
                BannerSink(self.banner_db_url).store(fresh)
            except Exception:  # the banner store must not stop live alerting
                log.exception("kpi.banner_store_failed")
        for sink in self.sinks:
            sink.emit(fresh)
        self._sent.update(a.key for a in fresh)
        return fresh

    async def run(self, stop: asyncio.Event | None = None) -> None:
        """Check every ``check_interval_seconds`` until ``stop`` is set or cancelled."""
        interval = self.config.alerts.check_interval_seconds
        while stop is None or not stop.is_set():
            try:
                await asyncio.to_thread(self.check)
            except Exception:  # keep the background task alive; the failure is logged
                log.exception("kpi.live_check_failed")
            try:
                if stop is None:
                    await asyncio.sleep(interval)
                else:
                    await asyncio.wait_for(stop.wait(), timeout=interval)
            except TimeoutError:
                pass


_monitor: LiveSurgeMonitor | None = None
_monitor_lock = threading.Lock()


def get_monitor(config: KpiConfig | None = None) -> LiveSurgeMonitor:
    """The process-wide monitor (created on first use from ``pipelines/kpi.yaml``)."""
    global _monitor
    with _monitor_lock:
        if _monitor is None:
            _monitor = LiveSurgeMonitor(config or load_kpi_config())
        return _monitor


def set_monitor(monitor: LiveSurgeMonitor | None) -> None:
    """Replace the process-wide monitor (service start-up, tests)."""
    global _monitor
    with _monitor_lock:
        _monitor = monitor


def observe_chat(
    chat_id: str,
    intent: str | None,
    severity: str | None,
    queue: str | None,
    redacted_text: str = "",
    at: datetime | None = None,
) -> None:
    """Hook entry point: count one routing decision of a live chat (never raises)."""
    try:
        get_monitor().observe(
            chat_id, at or datetime.now(UTC), intent, severity, queue, redacted_text
        )
    except Exception:  # counting must never break the routing answer
        log.exception("kpi.live_observe_failed")


def forget_chat(chat_id: str) -> None:
    """Hook entry point: the chat ended (never raises)."""
    try:
        get_monitor().forget(chat_id)
    except Exception:  # forgetting must never break the hook
        log.exception("kpi.live_forget_failed")
