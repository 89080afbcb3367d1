"""Batch surge alerting: load records, detect, send to the configured sinks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from triage.kpi.config import KpiConfig
from triage.kpi.records import KpiRecord
from triage.kpi.sinks import (
    AlertSink,
    BannerSink,
    LogSink,
    PrometheusSink,
    WebhookSink,
    dispatch,
)
from triage.kpi.surge import HourlyCounts, SurgeAlert, SurgeDetector, hour_index


def detect_alerts(
    records: Sequence[KpiRecord],
    config: KpiConfig,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[SurgeAlert]:
    """Surges with an anomalous hour in ``[since, until]``.

    Records before ``since`` form the baseline.

    Args:
        records: Scored records (any order).
        config: KPI configuration (``alerts`` section).
        since: First hour tested (default: as soon as there is enough history).
        until: Last hour tested (default: the last hour with data).

    Returns:
        The alerts, oldest first.
    """
    p = config.alerts
    hc = HourlyCounts(dimensions=p.dimensions, max_examples=p.examples).add_records(records)
    return SurgeDetector(p).detect(
        hc,
        start_hour=hour_index(since) if since is not None else None,
        end_hour=hour_index(until) if until is not None else None,
    )


def default_sinks(
    config: KpiConfig, webhook_url: str | None = None, registry: Any = None
) -> list[AlertSink]:
    """Log and Prometheus, plus the webhook when one is configured or given."""
    sinks: list[AlertSink] = [LogSink(), PrometheusSink(registry)]
    url = webhook_url or config.alerts.webhook_url
    if url:
        sinks.append(WebhookSink(url, config.alerts.webhook_timeout_seconds))
    return sinks


def load_window(
    config: KpiConfig,
    since: datetime | None,
    until: datetime | None,
    db_url: str | None = None,
    jsonl: Path | str | None = None,
) -> list[KpiRecord]:
    """Records needed to test ``[since, until]``: the hours plus the baseline window before."""
    from triage.kpi.source import load_jsonl, load_store

    start = since - timedelta(hours=config.alerts.window_hours) if since is not None else None
    end = until + timedelta(hours=1) if until is not None else None
    if jsonl is not None:
        recs = load_jsonl(jsonl, config)
    else:
        recs = load_store(db_url, config, start, end)
    return [
        r
        for r in recs
        if r.started_at is not None
        and (start is None or r.started_at >= start)
        and (end is None or r.started_at < end)
    ]


def run_batch_alerts(
    config: KpiConfig,
    since: datetime | None = None,
    until: datetime | None = None,
    db_url: str | None = None,
    jsonl: Path | str | None = None,
    webhook_url: str | None = None,
    banner: bool = True,
    metrics_file: Path | str | None = None,
) -> tuple[list[SurgeAlert], list[SurgeAlert]]:
    """Detect surges and send them to the log, Prometheus, the banner and the webhook.

    Args:
        config: KPI configuration.
        since: First hour tested.
        until: Last hour tested.
        db_url: Store URL (records, and the banner table).
        jsonl: Read scored records from this file instead of the store.
        webhook_url: Overrides ``alerts.webhook_url``.
        banner: Store alerts for the review-app banner (and send only new ones).
        metrics_file: Also write the surge metrics of every alert found to this
            file in Prometheus text format (for node_exporter's textfile collector).

    Returns:
        ``(all alerts detected, alerts newly sent to the sinks)``.
    """
    records = load_window(config, since, until, db_url, jsonl)
    found = detect_alerts(records, config, since, until)
    sent = dispatch(
        found, default_sinks(config, webhook_url), BannerSink(db_url) if banner else None
    )
    if metrics_file is not None:
        from prometheus_client import CollectorRegistry, write_to_textfile

        registry = CollectorRegistry()
        PrometheusSink(registry).emit(found)
        Path(metrics_file).parent.mkdir(parents=True, exist_ok=True)
        write_to_textfile(str(metrics_file), registry)
    return found, sent


def period_alerts(records: Sequence[KpiRecord], config: KpiConfig, period: str) -> list[SurgeAlert]:
    """Surges with an alarm inside the month ``YYYY-MM`` (earlier records form the baseline)."""
    from triage.kpi.source import month_bounds

    start, end = month_bounds(period)
    return [
        a
        for a in detect_alerts(records, config, start, end - timedelta(hours=1))
        if a.last_hour >= start
    ]
