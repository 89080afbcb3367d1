"""The KPI part of ``triage demo``: appraisal report, CSV and batch alerts."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from triage.kpi.alerting import detect_alerts, load_window, period_alerts
from triage.kpi.appraisal import appraise
from triage.kpi.config import KpiConfig, load_kpi_config
from triage.kpi.report import write_csv, write_html
from triage.kpi.source import load_for_period, load_jsonl, load_store


def latest_period(months: list[str | None]) -> str:
    """The latest ``YYYY-MM`` present, or the current month when there is none."""
    present = sorted(m for m in months if m)
    return present[-1] if present else datetime.now(UTC).strftime("%Y-%m")


def kpi_demo(
    out_dir: str | Path,
    *,
    db_url: str | None = None,
    scored_jsonl: str | Path | None = None,
    period: str | None = None,
    config: KpiConfig | None = None,
) -> dict[str, Path]:
    """Write the appraisal report (HTML, CSV) and the batch surge alerts of the demo data.

    Args:
        out_dir: Folder for ``kpi_appraisal_<period>.html``/``.csv`` and ``kpi_alerts.json``.
        db_url: Review store to read (default: ``TRIAGE_DB_URL`` or ``./triage.db``).
        scored_jsonl: Read scored records from this file instead of the store.
        period: Month ``YYYY-MM`` (default: the latest month in the data).
        config: KPI configuration (default ``pipelines/kpi.yaml``).

    Returns:
        Paths with keys ``report_html``, ``report_csv``, ``alerts_json``.
    """
    cfg = config or load_kpi_config()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if scored_jsonl is not None:
        everything = load_jsonl(scored_jsonl, cfg)
    else:
        everything = load_store(db_url, cfg)
    month = period or latest_period([r.month for r in everything])
    records = load_for_period(cfg, month, db_url=db_url, jsonl=scored_jsonl)
    report = appraise(records, month, cfg)
    paths = {
        "report_html": write_html(
            report,
            cfg,
            out / f"kpi_appraisal_{month}.html",
            alerts=period_alerts(records, cfg, month),
        ),
        "report_csv": write_csv(report, cfg, out / f"kpi_appraisal_{month}.csv"),
    }
    window = load_window(cfg, None, None, db_url=db_url, jsonl=scored_jsonl)
    alerts = detect_alerts(window, cfg)
    alerts_path = out / "kpi_alerts.json"
    alerts_path.write_text(
        json.dumps([a.to_dict() for a in alerts], ensure_ascii=False, indent=2), encoding="utf-8"
    )
    paths["alerts_json"] = alerts_path
    if scored_jsonl is None and alerts:
        from triage.kpi.sinks import BannerSink

        BannerSink(db_url).store(alerts)  # the review app's banner shows them
    return paths
