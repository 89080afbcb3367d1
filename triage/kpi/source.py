"""Where KPI records come from: the review store (read only) or a scored JSONL file.

From the store, each interaction's redacted SPEC §3 record is read with its
latest verdict (reviewed score, pass/fail, red line, overturned checks) and any
imported work-order closure time. Nothing is written here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.orm import selectinload

from triage.errors import UsageError
from triage.kpi.config import KpiConfig
from triage.kpi.records import CST, KpiRecord, ReviewOutcome, to_kpi_record
from triage.kpi.tables import closures, from_utc_naive, to_utc_naive


def month_bounds(period: str) -> tuple[datetime, datetime]:
    """Start (inclusive) and end (exclusive) of a ``YYYY-MM`` month in CST."""
    try:
        year, month = (int(x) for x in period.split("-"))
        start = datetime(year, month, 1, tzinfo=CST)
    except ValueError as exc:
        raise UsageError(f"period must be YYYY-MM, got {period!r}") from exc
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=CST)
    return start, end


def iter_jsonl(path: Path | str) -> Iterator[dict]:
    """Scored records from a JSONL file (unreadable lines are skipped and counted).

    Raises:
        UsageError: the file cannot be opened.
    """
    p = Path(path)
    try:
        fh = open(p, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{p}: cannot read ({exc.strerror})") from exc
    with fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict) and "id" in obj:
                yield obj


def load_jsonl(path: Path | str, config: KpiConfig) -> list[KpiRecord]:
    """KPI records from a scored JSONL file (no review outcomes)."""
    return [to_kpi_record(r, config) for r in iter_jsonl(path)]


def _review_outcome(verdict) -> ReviewOutcome:  # type: ignore[no-untyped-def]
    return ReviewOutcome(
        reviewed_at=from_utc_naive(verdict.created_at).astimezone(CST),
        final_score=verdict.reviewed_score,
        passed=verdict.reviewed_passed,
        red_line=bool(verdict.reviewed_red_line),
        overturned=frozenset(c.rule for c in verdict.checks if c.decision == "overturn"),
    )


def load_store(
    db_url: str | None,
    config: KpiConfig,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[KpiRecord]:
    """KPI records from the review store, with verdicts and imported closures.

    Args:
        db_url: Store URL (None: ``TRIAGE_DB_URL`` or ``./triage.db``).
        config: KPI configuration.
        start: Only interactions started at or after this (aware).
        end: Only interactions started before this (aware).

    Returns:
        The records (empty when the store has no tables yet).
    """
    from triage.store.db import get_engine, session_scope
    from triage.store.models import Interaction, Verdict

    engine = get_engine(db_url)
    insp = inspect(engine)
    if not insp.has_table("interactions"):
        return []
    with session_scope(db_url) as session:
        q = select(Interaction.id, Interaction.record)
        if start is not None:
            q = q.where(Interaction.started_at >= to_utc_naive(start))
        if end is not None:
            q = q.where(Interaction.started_at < to_utc_naive(end))
        rows = session.execute(q).all()
        ids = [r.id for r in rows]
        latest: dict[str, ReviewOutcome] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            verdicts = session.scalars(
                select(Verdict)
                .where(Verdict.interaction_id.in_(chunk))
                .options(selectinload(Verdict.checks))
                .order_by(Verdict.created_at, Verdict.id)
            ).all()
            for v in verdicts:
                latest[v.interaction_id] = _review_outcome(v)  # later ones overwrite
        closed: dict[str, datetime] = {}
        if insp.has_table("kpi_closures"):
            for cid, cat in session.execute(
                select(closures.c.interaction_id, closures.c.closed_at)
            ):
                closed[cid] = from_utc_naive(cat).astimezone(CST)
        return [
            to_kpi_record(rec, config, latest.get(iid), closed.get(iid))
            for iid, rec in rows
            if isinstance(rec, dict)
        ]


def load_for_period(
    config: KpiConfig,
    period: str,
    db_url: str | None = None,
    jsonl: Path | str | None = None,
) -> list[KpiRecord]:
    """Records of a month and the ``trend_months`` before it, from a file or the store."""
    start, end = month_bounds(period)
    from triage.kpi.appraisal import previous_months

    first = previous_months(period, config.trend_months)
    if first:
        start = month_bounds(first[0])[0]
    if jsonl is not None:
        return [
            r
            for r in load_jsonl(jsonl, config)
            if r.started_at is not None and start <= r.started_at < end
        ]
    # One day of slack on each side: stored times without an offset may be off by hours.
    recs = load_store(db_url, config, start - timedelta(days=1), end + timedelta(days=1))
    return [r for r in recs if r.started_at is not None and start <= r.started_at < end]
