"""Alerts for the review app's banner: recent, unacknowledged, cached briefly."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

log = logging.getLogger("triage.kpi.banner")

CACHE_SECONDS = 30.0
BANNER_HOURS = 48.0

_cache: dict[str, tuple[float, list[dict[str, Any]]]] = {}
_lock = threading.Lock()


def banner_alerts(db_url: str | None, hours: float = BANNER_HOURS) -> list[dict[str, Any]]:
    """Surge alerts to show as a banner (cached ``CACHE_SECONDS`` per store).

    Never raises: a store problem shows no banner and is logged.

    Returns:
        Dicts with ``key``, ``message`` (Chinese, no record text), ``dimension``,
        ``label``, ``since``; newest first.
    """
    key = str(db_url)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
        if hit is not None and now - hit[0] < CACHE_SECONDS:
            return hit[1]
    try:
        from triage.kpi.sinks import recent_alerts

        rows = [
            {k: r[k] for k in ("key", "message", "dimension", "label", "since")}
            for r in recent_alerts(db_url, hours=hours)
        ]
    except Exception:  # the banner must never break a page
        log.exception("kpi.banner_failed")
        rows = []
    with _lock:
        _cache[key] = (now, rows)
    return rows


def clear_cache() -> None:
    """Forget cached banners (after an acknowledgement, in tests)."""
    with _lock:
        _cache.clear()
