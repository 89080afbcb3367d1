"""Flattening scored records: first response, fields, satisfaction scale, review overrides."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from triage.kpi.config import load_kpi_config
from triage.kpi.records import CST, ReviewOutcome, first_response, parse_time, to_kpi_record


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        # greeting before the customer writes does not count
        ([("agent", 0), ("customer", 10), ("system", 12), ("agent", 70)], (60.0, True)),
        ([("customer", 5), ("customer", 8), ("agent", 5.5)], (0.5, True)),
        ([("customer", 5), ("agent", 3)], (0.0, True)),  # clock skew never goes negative
        ([("customer", 5), ("customer", 50)], (None, False)),
        ([("agent", 0), ("system", 1)], (None, None)),
        ([("customer", None), ("agent", 9)], (None, None)),
    ],
)
def test_records_first_response(turns, expected):
    assert first_response([{"speaker": s, "text": "x", "start": t} for s, t in turns]) == expected


def test_records_parse_time_zones():
    assert parse_time("2026-11-20T09:15:00+08:00") == datetime(2026, 11, 20, 9, 15, tzinfo=CST)
    assert parse_time("2026-11-20T01:15:00Z") == datetime(2026, 11, 20, 9, 15, tzinfo=CST)
    assert parse_time("2026-11-20 09:15") == datetime(
        2026, 11, 20, 9, 15, tzinfo=CST
    )  # naive = CST
    utc = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)
    assert parse_time(utc).strftime("%Y-%m") == "2026-12"  # months are CST months
    assert parse_time("yesterday") is None and parse_time(None) is None and parse_time(5) is None


def _record(**extra):
    r = {
        "id": "x1",
        "channel": "call",
        "started_at": "2026-11-20T09:15:00+08:00",
        "agent": {"id": 1023, "group": "卡部"},
        "customer": {"segment": "vip", "satisfaction": 4},
        "turns": [{"speaker": "customer", "text": "  我的卡号   <BANK_CARD>  " + "很长" * 40}],
        "intent": {"label": "card_service"},
        "severity": {"level": "P3"},
        "route": {"queue": "card_services", "sla_minutes": 5},
        "qa": {
            "score": 75,
            "checks": [
                {"rule": "C02", "passed": False, "deduction": 15, "dimension": "业务合规"},
                {"rule": "C10", "passed": False, "deduction": 10},
                {"rule": "C01", "passed": True, "deduction": 0},
            ],
        },
        "metadata": {"wait_seconds": "42"},
    }
    r.update(extra)
    return r


def test_records_fields_fallbacks_and_scale(tmp_path):
    cfg = load_kpi_config()
    rec = to_kpi_record(_record(), cfg)
    assert (rec.agent_id, rec.team, rec.wait_seconds) == ("1023", "卡部", 42.0)
    assert rec.satisfaction == 4 / 100 * 100  # default scale 100: 4 points stays 4
    five = replace(cfg, fields={**cfg.fields, "satisfaction_scale": 5})
    assert to_kpi_record(_record(), five).satisfaction == pytest.approx(80.0)
    assert rec.qa_passed is False  # no "passed": decided by the pass mark (80)
    assert [c.rule for c in rec.failed] == ["C02", "C10"]
    assert rec.snippet.startswith("我的卡号 <BANK_CARD> 很长") and rec.snippet.endswith("…")
    assert len(rec.snippet) == cfg.alerts.example_chars + 1


def test_records_out_of_range_satisfaction_and_chat_wait_ignored():
    cfg = load_kpi_config()
    rec = to_kpi_record(_record(customer={"satisfaction": 130}, channel="chat"), cfg)
    assert rec.satisfaction is None
    assert rec.wait_seconds is None  # wait time is a call measure


def test_records_review_overrides_final_result():
    cfg = load_kpi_config()
    review = ReviewOutcome(
        reviewed_at=parse_time("2026-11-21T10:00:00+08:00"),
        final_score=90,
        passed=True,
        red_line=False,
        overturned=frozenset({"C10"}),
    )
    rec = to_kpi_record(_record(), cfg, review)
    assert (rec.qa_score, rec.final_score, rec.final_passed) == (75, 90, True)
    assert [c.rule for c in rec.final_failed] == ["C02"]
    closed = to_kpi_record(_record(closed_at="2026-11-22T10:00:00+08:00"), cfg)
    assert closed.closed_at - closed.started_at == timedelta(days=2, minutes=45)
