"""Reading KPI records back from the review store: verdicts and imported closures."""

from __future__ import annotations

from datetime import datetime

import pytest

from triage.kpi.config import load_kpi_config
from triage.kpi.metrics import compute_kpis
from triage.kpi.records import CST
from triage.kpi.source import load_for_period, load_store, month_bounds

from .dataset import raw_records


@pytest.fixture()
def store(tmp_path):
    from triage.store.db import session_scope
    from triage.store.ingest import ingest_records
    from triage.store.models import Interaction
    from triage.store.users import create_user
    from triage.store.verdicts import record_verdict

    db = f"sqlite:///{tmp_path / 'store.db'}"
    records = raw_records()
    for r in records:
        r.pop("closed_at", None)  # closures come from the import below instead
    ingest_records(db, records)
    with session_scope(db) as s:
        reviewer = create_user(s, "qa1", "reviewer", "a-long-password-1")
        inter = s.get(Interaction, "R2")
        record_verdict(s, inter, reviewer, {"C02": "overturn", "C07": "confirm"})
    return db


def test_source_reads_records_with_latest_verdict(store):
    cfg = load_kpi_config()
    recs = {r.id: r for r in load_store(store, cfg)}
    assert set(recs) == {"R1", "R2", "R3", "R4", "R5", "R6"}
    r2 = recs["R2"]
    assert r2.review is not None and r2.review.overturned == frozenset({"C02"})
    assert r2.final_score == 85  # 70 + 15 for the overturned C02
    assert [c.rule for c in r2.final_failed] == ["C07", "C08"]
    assert recs["R1"].review is None
    assert recs["R1"].started_at == datetime(2026, 11, 3, 10, tzinfo=CST)


def test_source_period_window_and_imported_closures(store, tmp_path):
    from triage.kpi.closures import import_closures

    cfg = load_kpi_config()
    f = tmp_path / "closures.csv"
    f.write_text("id,closed_at\nR1,2026-11-10T10:00:00+08:00\nR3,2026-12-01T10:00:00+08:00\n")
    assert import_closures(f, store).inserted == 2
    recs = load_for_period(cfg, "2026-11", db_url=store)
    assert {r.id for r in recs} == {"R1", "R2", "R3", "R4", "R5", "R6"}  # 3 trend months back
    nov = [r for r in recs if r.month == "2026-11"]
    s = compute_kpis(nov, cfg, datetime(2026, 12, 5, tzinfo=CST))
    # R1 closed after 7 days (on time), R3 after 21 days (late)
    assert s.kpis["complaint_on_time"].actual == pytest.approx(0.5)


def test_source_empty_store_and_bad_period(tmp_path):
    assert load_store(f"sqlite:///{tmp_path / 'none.db'}", load_kpi_config()) == []
    from triage.errors import UsageError

    with pytest.raises(UsageError):
        month_bounds("2026/11")
    assert month_bounds("2026-12")[1] == datetime(2027, 1, 1, tzinfo=CST)
