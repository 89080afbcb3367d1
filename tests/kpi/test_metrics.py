"""KPI computations against figures worked out by hand (see dataset.py)."""

from __future__ import annotations

from datetime import datetime

import pytest

from triage.kpi.config import load_kpi_config
from triage.kpi.metrics import (
    compute_kpis,
    failed_rule_counts,
    filter_records,
    mix_over_time,
)
from triage.kpi.records import CST

from .dataset import kpi_records

AS_OF = datetime(2026, 12, 1, tzinfo=CST)


@pytest.fixture(scope="module")
def november():
    return compute_kpis(filter_records(kpi_records(), month="2026-11"), load_kpi_config(), AS_OF)


def test_metrics_qa_average_pass_rate_and_red_lines(november):
    k = november.kpis
    # final scores: 90, 70, 60, 100, 100 (R5 reviewed 95 -> 100)
    assert k["qa_avg_score"].actual == pytest.approx(84.0)
    assert k["qa_avg_score"].target == 85
    assert k["qa_avg_score"].gap == pytest.approx(-1.0)
    assert k["qa_avg_score"].met is False
    # passed: R1, R4, R5 of 5
    assert k["qa_pass_rate"].actual == pytest.approx(0.6)
    assert k["red_line_count"].actual == 1
    assert k["red_line_count"].met is False
    assert november.n == 5


def test_metrics_timeliness_sla_and_first_response(november):
    k = november.kpis
    # R1 120 s <= 15 min ok; R2 90 s > 60 s grace for sla 0; R3 wait 1200 s > 900 s;
    # R4 30 s <= 60 s ok; R5 never answered -> 2 of 5 met.
    assert k["sla_met_rate"].actual == pytest.approx(0.4)
    assert k["sla_met_rate"].n == 5
    # mean of 2, 1.5, 20, 0.5 minutes (unanswered R5 has no delay)
    assert k["first_response_avg"].actual == pytest.approx(6.0)
    assert k["first_response_avg"].n == 4
    assert k["first_response_avg"].met is True  # lower is better: 6 <= 15
    assert k["first_response_avg"].gap == pytest.approx(-9.0)
    # within 15 min: R1, R2, R4 of 5
    assert k["first_response_rate"].actual == pytest.approx(0.6)


def test_metrics_complaints_on_time_with_open_complaint(november):
    # R1 closed after 7 days (on time); R3 open 21 days at AS_OF -> late
    assert november.kpis["complaint_on_time"].actual == pytest.approx(0.5)
    assert november.kpis["complaint_on_time"].n == 2


def test_metrics_open_complaint_not_judged_without_as_of():
    s = compute_kpis(filter_records(kpi_records(), month="2026-11"), load_kpi_config(), None)
    assert s.kpis["complaint_on_time"].actual == pytest.approx(1.0)
    assert s.kpis["complaint_on_time"].n == 1


def test_metrics_complaints_without_any_closure_data_have_no_value():
    recs = [r for r in kpi_records() if r.id == "R3"]
    s = compute_kpis(recs, load_kpi_config(), AS_OF)
    assert s.kpis["complaint_on_time"].actual is None
    assert s.kpis["complaint_on_time"].met is None


def test_metrics_satisfaction_average_and_correlation(november):
    assert november.kpis["satisfaction_avg"].actual == pytest.approx(82.5)
    assert november.kpis["satisfaction_avg"].gap == pytest.approx(-7.5)
    # pairs (80,90) (60,70) (100,100) (90,100): sxy=700, sxx=875, syy=600
    assert november.satisfaction_qa_corr == pytest.approx(700 / (875 * 600) ** 0.5)
    assert november.satisfaction_qa_corr == pytest.approx(0.9661, abs=1e-4)
    assert november.satisfaction_qa_n == 4
    # passed: R1 80, R4 100, R5 90 -> 90; failed: R2 60 (R3 has no survey)
    assert november.satisfaction_passed == pytest.approx(90.0)
    assert november.satisfaction_failed == pytest.approx(60.0)


def test_metrics_most_failed_rules_skip_overturned(november):
    top = [(rc.rule, rc.count, rc.points) for rc in november.failed_rules]
    # C10 of R5 was overturned: C07 x2 first, then C02, C06, C08, C10 once each
    assert top == [("C07", 2, 10), ("C02", 1, 15), ("C06", 1, 0), ("C08", 1, 10), ("C10", 1, 5)]


def test_metrics_dimension_deductions_per_interaction(november):
    # 服务态度: C07 5+5; 服务规范: C10 5 + C08 10; 业务合规: C02 15 + C06 0; over 5 records
    assert november.dimension_deductions == pytest.approx(
        {"服务态度": 2.0, "服务规范": 3.0, "业务合规": 3.0}
    )


def test_metrics_reviewed_vs_automatic(november):
    rc = november.review
    assert rc is not None and rc.n == 2  # R1 and R5
    assert rc.auto_avg == pytest.approx(92.5)
    assert rc.reviewed_avg == pytest.approx(95.0)
    assert rc.auto_pass_rate == pytest.approx(1.0)
    assert rc.agreement == pytest.approx(1.0)


def test_metrics_mix_over_time_by_month():
    mix = mix_over_time(kpi_records(), "intent", "month")
    assert mix["2026-10"] == {"complaint": 1}
    assert mix["2026-11"]["complaint"] == 2
    assert sum(mix["2026-11"].values()) == 5
    weekly = mix_over_time(kpi_records(), "severity", "week")
    assert "2026-W45" in weekly  # 11-03 and 11-05 fall in ISO week 45


def test_metrics_filters_by_team_and_agent():
    recs = kpi_records()
    assert {r.id for r in filter_records(recs, month="2026-11", team="T1")} == {
        "R1",
        "R2",
        "R3",
        "R4",
    }
    assert {r.id for r in filter_records(recs, agent="B1")} == {"R5", "R6"}
    assert failed_rule_counts(filter_records(recs, agent="B1"))[0].rule == "C07"


def test_metrics_empty_set_has_no_values():
    s = compute_kpis([], load_kpi_config())
    assert s.n == 0
    assert all(k.actual is None and k.met is None for k in s.kpis.values())


def test_metrics_kpi_formatting_shows_target_actual_gap(november):
    k = november.kpis["qa_pass_rate"]
    assert (k.fmt(k.target), k.fmt(k.actual), k.fmt(k.gap, signed=True)) == (
        "95.0%",
        "60.0%",
        "-35.0%",
    )
