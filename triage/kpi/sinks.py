"""Where surge alerts go: the log, Prometheus, the review-app banner, a webhook.

Every sink takes :class:`~triage.kpi.surge.SurgeAlert` objects. Logs carry
codes and figures only (event ``kpi.surge_alert``); the banner table and the
webhook payload also carry the already-redacted example snippets.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select

from triage.kpi.surge import SurgeAlert
from triage.kpi.tables import alerts as alerts_table
from triage.kpi.tables import ensure_kpi_tables, from_utc_naive, to_utc_naive

log = logging.getLogger("triage.kpi.alerts")


class AlertSink(Protocol):
    """Receives alerts; returns nothing and never raises for delivery problems."""

    def emit(self, alerts: Sequence[SurgeAlert]) -> None:
        """Deliver alerts."""


class LogSink:
    """Writes one WARNING line per alert (codes and figures, no text)."""

    def emit(self, alerts: Sequence[SurgeAlert]) -> None:
        """Log the alerts."""
        for a in alerts:
            log.warning(
                "kpi.surge_alert key=%s dimension=%s label=%s observed=%d expected=%.2f "
                "ratio=%.2f p=%.2e since=%s",
                a.key,
                a.dimension,
                a.label,
                a.observed,
                a.expected,
                a.ratio if a.expected > 0 else -1.0,
                a.p_value,
                a.since.isoformat(),
            )


_METRICS: dict[int, dict[str, Any]] = {}


def prometheus_metrics(registry: Any = None) -> dict[str, Any]:
    """The surge metrics, registered once per registry (default: the global one).

    Args:
        registry: A ``prometheus_client.CollectorRegistry`` (the service passes the
            one its ``/metrics`` exposes); None for the default registry.
    """
    from prometheus_client import REGISTRY, Counter, Gauge

    reg = REGISTRY if registry is None else registry
    metrics = _METRICS.get(id(reg))
    if metrics is None:
        metrics = {
            "active": Gauge(
                "triage_surge_active",
                "1 while a surge alert is active for the label",
                ["dimension", "label"],
                registry=reg,
            ),
            "ratio": Gauge(
                "triage_surge_ratio",
                "Peak count of the latest surge as a multiple of its baseline",
                ["dimension", "label"],
                registry=reg,
            ),
            "total": Counter(
                "triage_surge_alerts", "Surge alerts raised", ["dimension"], registry=reg
            ),
        }
        _METRICS[id(reg)] = metrics
    return metrics


class PrometheusSink:
    """Sets ``triage_surge_active``/``triage_surge_ratio`` and counts alerts.

    Args:
        registry: Registry to publish in (None: the default registry).
    """

    def __init__(self, registry: Any = None) -> None:
        self.registry = registry

    def emit(self, alerts: Sequence[SurgeAlert]) -> None:
        """Update the metrics."""
        m = prometheus_metrics(self.registry)
        for a in alerts:
            m["active"].labels(a.dimension, a.label).set(1)
            m["ratio"].labels(a.dimension, a.label).set(a.ratio if a.expected > 0 else 0)
            m["total"].labels(a.dimension).inc()

    def clear(self, active: Iterable[tuple[str, str]]) -> None:
        """Set the active gauge to 0 for labels whose surge is over."""
        m = prometheus_metrics(self.registry)
        for dimension, label in active:
            m["active"].labels(dimension, label).set(0)


class BannerSink:
    """Upserts alerts into ``kpi_alerts``; the review app shows recent ones as a banner.

    Args:
        db_url: Store URL (None: ``TRIAGE_DB_URL`` or ``./triage.db``).
    """

    def __init__(self, db_url: str | None = None) -> None:
        self.db_url = db_url

    def emit(self, alerts: Sequence[SurgeAlert]) -> None:
        """Store the alerts."""
        self.store(alerts)

    def store(self, alerts: Sequence[SurgeAlert]) -> list[SurgeAlert]:
        """Upsert; returns the alerts that were not stored before."""
        from triage.store.db import get_engine

        engine = get_engine(self.db_url)
        ensure_kpi_tables(engine)
        now = datetime.now(UTC).replace(tzinfo=None)
        new = []
        with engine.begin() as conn:
            for a in alerts:
                d = a.to_dict()
                values = {
                    "dimension": a.dimension,
                    "label": a.label,
                    "since": to_utc_naive(a.since),
                    "last_hour": to_utc_naive(a.last_hour),
                    "observed": a.observed,
                    "expected": a.expected,
                    "p_value": a.p_value,
                    "total_observed": a.total_observed,
                    "total_expected": a.total_expected,
                    "message": a.message_zh(),
                    "examples": d["examples"],
                    "updated_at": now,
                }
                row = conn.execute(
                    select(alerts_table.c.key).where(alerts_table.c.key == a.key)
                ).first()
                if row:
                    conn.execute(
                        alerts_table.update().where(alerts_table.c.key == a.key).values(**values)
                    )
                else:
                    conn.execute(
                        alerts_table.insert().values(
                            key=a.key, created_at=now, acknowledged=False, **values
                        )
                    )
                    new.append(a)
        return new


def recent_alerts(
    db_url: str | None = None, hours: float = 48, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Unacknowledged alerts raised or updated in the last ``hours`` (for the banner).

    Returns:
        Dicts with ``key``, ``message``, ``dimension``, ``label``, ``since``
        (aware UTC), ``examples``; newest first. Empty when the table is absent.
    """
    from sqlalchemy import inspect

    from triage.store.db import get_engine

    engine = get_engine(db_url)
    if not inspect(engine).has_table("kpi_alerts"):
        return []
    cutoff = to_utc_naive((now or datetime.now(UTC)) - timedelta(hours=hours))
    t = alerts_table
    with engine.connect() as conn:
        rows = conn.execute(
            select(t)
            .where(t.c.acknowledged.is_(False), t.c.updated_at >= cutoff)
            .order_by(t.c.updated_at.desc(), t.c.key)
        ).mappings()
        return [
            {
                "key": r["key"],
                "message": r["message"],
                "dimension": r["dimension"],
                "label": r["label"],
                "since": from_utc_naive(r["since"]),
                "examples": r["examples"],
            }
            for r in rows
        ]


def acknowledge(key: str, db_url: str | None = None) -> bool:
    """Mark an alert as seen (it leaves the banner); False when unknown."""
    from triage.store.db import get_engine

    engine = get_engine(db_url)
    ensure_kpi_tables(engine)
    with engine.begin() as conn:
        res = conn.execute(
            alerts_table.update().where(alerts_table.c.key == key).values(acknowledged=True)
        )
        return bool(res.rowcount)


class WebhookSink:
    """POSTs each alert as JSON (``application/json``, UTF-8) to a URL.

    Args:
        url: The receiver (http or https).
        timeout: Seconds per request.
    """

    def __init__(self, url: str, timeout: float = 5.0) -> None:
        self.url = url
        self.timeout = timeout

    def emit(self, alerts: Sequence[SurgeAlert]) -> None:
        """Send the alerts, one request each; failures are logged, not raised."""
        for a in alerts:
            body = json.dumps({"type": "surge_alert", **a.to_dict()}, ensure_ascii=False)
            req = urllib.request.Request(
                self.url,
                data=body.encode("utf-8"),
                headers={"Content-Type": "application/json; charset=utf-8"},
                method="POST",
            )
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310
                    if resp.status >= 300:
                        log.warning("kpi.webhook_failed key=%s status=%d", a.key, resp.status)
            except (urllib.error.URLError, OSError, TimeoutError) as exc:
                log.warning("kpi.webhook_failed key=%s error=%s", a.key, type(exc).__name__)


def dispatch(
    alerts: Sequence[SurgeAlert],
    sinks: Sequence[AlertSink],
    banner: BannerSink | None = None,
) -> list[SurgeAlert]:
    """Send alerts everywhere, once: with a banner store, only new alerts go to the sinks.

    Args:
        alerts: Detected alerts.
        sinks: Log / Prometheus / webhook sinks.
        banner: When given, alerts are upserted there first and only those
            not seen before reach ``sinks`` (a rerun does not re-notify).

    Returns:
        The alerts that were sent to ``sinks``.
    """
    fresh = banner.store(alerts) if banner is not None else list(alerts)
    for sink in sinks:
        sink.emit(fresh)
    return fresh
