"""KPI pages and surge alerts in the service (issue 9).

Routes (listed in :data:`triage.service.main.ROUTERS` as ``triage.service.kpi``):

* ``GET /kpi/appraisal?period=YYYY-MM&team=&agent=``: the monthly appraisal
  report (the same self-contained page as ``triage kpi report -o``). Supervisors
  see every agent; an agent sees only their own appraisal.
* ``GET /kpi/appraisal.csv``: the same as CSV.
* ``GET /api/kpi/alerts``: recent unacknowledged surge alerts (reviewers,
  supervisors) — the review app's banner shows them.
* ``POST /api/kpi/alerts/{key}/ack``: a supervisor acknowledges an alert.

``lifespan`` starts the live surge monitor: its baseline is warmed from the
store, the chat hook counts into it (:func:`triage.kpi.live.observe_chat`), and
a background task checks it every ``check_interval_seconds``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from triage.service.kpi.routes import router

log = logging.getLogger("triage.service.kpi")


@contextlib.asynccontextmanager
async def lifespan(app) -> AsyncIterator[None]:  # type: ignore[no-untyped-def]
    """Start the live surge monitor and its background check task."""
    import anyio

    from triage.kpi.config import load_kpi_config
    from triage.kpi.live import LiveSurgeMonitor, set_monitor

    settings = getattr(app.state, "settings", None)
    db_url = getattr(settings, "db_url", None)
    metrics = getattr(app.state, "metrics", None)
    monitor = LiveSurgeMonitor(
        load_kpi_config(),
        banner_db_url=db_url,
        registry=getattr(metrics, "registry", None),  # exposed at the service's /metrics
    )
    if db_url is not None:
        try:
            n = await anyio.to_thread.run_sync(monitor.warm_start, db_url)
            log.info("kpi.live_warm_start records=%d", n)
        except Exception:  # a store problem must not stop the routing service
            log.exception("kpi.live_warm_start_failed")
    set_monitor(monitor)
    stop = asyncio.Event()
    task = asyncio.create_task(monitor.run(stop))
    try:
        yield
    finally:
        stop.set()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        set_monitor(None)


__all__ = ["lifespan", "router"]
