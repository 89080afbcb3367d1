"""Appraisal HTML (self-contained, Chinese, charts, no text) and CSV export."""

from __future__ import annotations

import csv
import re
from datetime import datetime

import pytest

from triage.kpi.appraisal import appraise
from triage.kpi.config import load_kpi_config
from triage.kpi.records import CST
from triage.kpi.report import render_html, write_csv

from .dataset import kpi_records


@pytest.fixture(scope="module")
def report():
    return appraise(
        kpi_records(), "2026-11", load_kpi_config(), as_of=datetime(2026, 12, 1, tzinfo=CST)
    )


def test_report_html_is_self_contained_with_charts_and_links(report):
    html = render_html(report, load_kpi_config(), base_url="http://review.local:8000/")
    assert "<script" not in html
    assert not re.search(r"<(link|img)\b", html)  # no external assets
    assert not re.search(r'src="http', html)
    assert html.count("<svg") >= 4 + 3 * len(report.agents)
    for label in (
        "质检平均分",
        "投诉按时办结率",
        "客户满意度",
        "整改项",
        "团队排名",
        "目标",
        "差距",
    ):
        assert label in html
    assert 'href="http://review.local:8000/review/R2"' in html
    assert "复核后仍复发" in html


def test_report_html_carries_no_interaction_text(report):
    html = render_html(report, load_kpi_config())
    assert "<BANK_CARD>" not in html and "&lt;BANK_CARD&gt;" not in html
    assert "被盗刷" not in html


def test_report_html_escapes_ids():
    cfg = load_kpi_config()
    recs = kpi_records()
    from dataclasses import replace

    recs = [replace(r, agent_id="<b>x</b>") if r.agent_id == "B1" else r for r in recs]
    html = render_html(appraise(recs, "2026-11", cfg), cfg)
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_report_csv_rows_per_agent(report, tmp_path):
    path = write_csv(report, load_kpi_config(), tmp_path / "a.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for spreadsheet programs
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["坐席"] for r in rows] == ["A1", "A2", "B1"]
    a1 = rows[0]
    assert a1["团队"] == "T1" and a1["团队排名"] == "1" and a1["通数"] == "2"
    assert float(a1["质检平均分-实际"]) == 80.0
    assert float(a1["质检平均分-差距"]) == -5.0
    assert a1["整改项"] == "C07×2"
    assert a1["复核后仍复发规则"] == "C07"
    assert a1["扣分项数"] == "5"


def test_report_empty_period_renders(tmp_path):
    cfg = load_kpi_config()
    html = render_html(appraise([], "2030-01", cfg), cfg)
    assert "该期间没有数据" in html


def test_report_html_lists_period_alerts_without_examples(report):
    from datetime import timedelta

    from triage.kpi.surge import SurgeAlert

    cfg = load_kpi_config()
    since = datetime(2026, 11, 20, 10, tzinfo=CST)
    alert = SurgeAlert(
        "intent",
        "fraud_report",
        since,
        since + timedelta(hours=1),
        12,
        1.5,
        1e-7,
        20,
        3.0,
        (("R4", "被盗刷<BANK_CARD>"),),
    )
    html = render_html(report, cfg, alerts=[alert])
    assert "业务量异常告警" in html and "问题类别「欺诈与盗刷」" in html and "8.0×" in html
    assert "被盗刷" not in html
    assert "本期未发现业务量异常激增" in render_html(report, cfg, alerts=[])
    assert "未检测" in render_html(report, cfg)


def test_report_period_alerts_only_inside_the_month():
    from triage.kpi.alerting import period_alerts
    from triage.kpi.synthetic import Surge, stream

    cfg = load_kpi_config()
    october = Surge("fraud_report", datetime(2026, 10, 29, 10, tzinfo=CST), 3, 6.0)
    november = Surge("digital_channel", datetime(2026, 11, 3, 10, tzinfo=CST), 3, 6.0)
    recs = stream(datetime(2026, 10, 22, tzinfo=CST), 14, 30.0, seed=3, surges=(october, november))
    nov = {a.label for a in period_alerts(recs, cfg, "2026-11") if a.dimension == "intent"}
    oct_ = {a.label for a in period_alerts(recs, cfg, "2026-10") if a.dimension == "intent"}
    # each wave is reported in its own month only (other labels may hold chance alarms,
    # measured in eval/kpi/report.md)
    assert "digital_channel" in nov and "fraud_report" not in nov
    assert "fraud_report" in oct_ and "digital_channel" not in oct_
