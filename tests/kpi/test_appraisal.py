"""Monthly appraisal: rank in team, trend, deductions with links, rectification."""

from __future__ import annotations

from datetime import datetime

import pytest

from triage.kpi.appraisal import appraise, previous_months, rank_agents
from triage.kpi.config import load_kpi_config
from triage.kpi.metrics import compute_kpis
from triage.kpi.records import CST

from .dataset import kpi_records

AS_OF = datetime(2026, 12, 1, tzinfo=CST)


@pytest.fixture(scope="module")
def report():
    return appraise(kpi_records(), "2026-11", load_kpi_config(), as_of=AS_OF)


def _agent(report, agent_id):
    return next(a for a in report.agents if a.agent_id == agent_id)


def test_appraisal_previous_months_cross_the_year():
    assert previous_months("2026-02", 3) == ["2025-11", "2025-12", "2026-01"]
    with pytest.raises(ValueError):
        previous_months("2026-13", 1)


def test_appraisal_rank_within_team_shares_ties(report):
    # T1: A1 (90+70)/2 = 80 and A2 (60+100)/2 = 80 tie for first; T2: B1 alone
    assert (_agent(report, "A1").rank, _agent(report, "A2").rank) == (1, 1)
    assert _agent(report, "A1").team_size == 2
    assert (_agent(report, "B1").rank, _agent(report, "B1").team_size) == (1, 1)


def test_appraisal_rank_agents_orders_by_kpi_direction():
    cfg = load_kpi_config()
    recs = kpi_records()
    summaries = {
        "R1": compute_kpis([r for r in recs if r.id == "R1"], cfg),  # 90
        "R2": compute_kpis([r for r in recs if r.id == "R2"], cfg),  # 70
        "R4": compute_kpis([r for r in recs if r.id == "R4"], cfg),  # 100
    }
    assert rank_agents(summaries, "qa_avg_score") == {"R4": 1, "R1": 2, "R2": 3}
    assert rank_agents(summaries, "qa_avg_score", better="lower") == {"R2": 1, "R1": 2, "R4": 3}
    summaries["none"] = compute_kpis([], cfg)
    assert rank_agents(summaries, "qa_avg_score")["none"] is None


def test_appraisal_trend_against_previous_months(report):
    b1 = _agent(report, "B1")
    months = [m for m, _ in b1.trend]
    assert months == ["2026-08", "2026-09", "2026-10", "2026-11"]
    by_month = {m: s.kpis["qa_avg_score"].actual for m, s in b1.trend}
    assert by_month == {"2026-08": None, "2026-09": None, "2026-10": 80.0, "2026-11": 100.0}


def test_appraisal_deductions_link_into_review_app(report):
    a1 = _agent(report, "A1")
    got = [(d.id, d.rule, d.deduction, d.link) for d in a1.deductions]
    assert got == [
        ("R1", "C07", 5, "/review/R1"),
        ("R1", "C10", 5, "/review/R1"),
        ("R2", "C02", 15, "/review/R2"),
        ("R2", "C07", 5, "/review/R2"),
        ("R2", "C08", 10, "/review/R2"),
    ]
    assert a1.deductions[0].reviewed and not a1.deductions[2].reviewed
    # R5's only failure was overturned by the reviewer: no deduction left
    assert _agent(report, "B1").deductions == []


def test_appraisal_rectification_recurred_after_review(report):
    a1 = _agent(report, "A1")
    # C07 failed twice in November; confirmed in R1's review (11-04), failed again in R2 (11-05)
    assert [(it.rule, it.count) for it in a1.rectification] == [("C07", 2)]
    item = a1.rectification[0]
    assert item.reviewed_at == datetime(2026, 11, 4, 9, 0, tzinfo=CST)
    assert item.recurrences_after_review == 1
    assert item.status_zh.startswith("复核后仍复发")


def test_appraisal_rectification_not_recurring_or_not_reviewed():
    cfg = load_kpi_config()
    recs = [r for r in kpi_records() if r.id != "R2"]  # A1 fails C07 only once now
    rep = appraise(recs, "2026-11", cfg, as_of=AS_OF)
    assert _agent(rep, "A1").rectification == []
    recs = [r for r in kpi_records() if r.agent_id == "B1"]  # C07/C10 only in October
    rep = appraise(recs, "2026-10", cfg, as_of=AS_OF)
    items = _agent(rep, "B1").rectification
    assert items == []  # once each: below recurring_min = 2


def test_appraisal_filters_team_and_agent(report):
    cfg = load_kpi_config()
    t2 = appraise(kpi_records(), "2026-11", cfg, team="T2", as_of=AS_OF)
    assert [a.agent_id for a in t2.agents] == ["B1"]
    assert t2.overall.n == 1
    one = appraise(kpi_records(), "2026-11", cfg, agent="A2", as_of=AS_OF)
    assert [a.agent_id for a in one.agents] == ["A2"]
    assert one.agents[0].team_size == 2  # still ranked within the whole team
    assert one.overall.n == 2
    assert set(report.teams) == {"T1", "T2"}
