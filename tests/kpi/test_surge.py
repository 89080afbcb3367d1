"""Surge detection on synthetic streams with and without a surge (false alarms measured)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from triage.kpi.config import load_kpi_config
from triage.kpi.records import CST
from triage.kpi.surge import HourlyCounts, SurgeDetector, hour_index
from triage.kpi.synthetic import Surge, stream

START = datetime(2026, 11, 1, tzinfo=CST)
PARAMS = load_kpi_config().alerts


def _detect(records, params=PARAMS):
    hc = HourlyCounts(dimensions=params.dimensions).add_records(records)
    return SurgeDetector(params).detect(hc), hc


def test_surge_false_alarms_on_streams_without_surge():
    episodes = 0
    tested = 0
    for seed in range(3):
        recs = stream(START, 14, 30.0, seed=seed)
        alerts, hc = _detect(recs)
        # every (label, hour) after the minimum history is one test
        hours = hc.last_hour - hc.first_hour + 1 - PARAMS.min_history_hours
        tested += hours * len(hc.counts)
        episodes += len({(a.since, a.last_hour) for a in alerts})
    # 3 x 11 days x 23 labels ~ 18k tests; alpha 1e-4 allows ~2 by chance (one episode
    # shows up in intent, severity and queue at once, so episodes are counted).
    assert tested > 15_000
    assert episodes <= 2, f"{episodes} false-alarm episodes in {tested} tests"


def test_surge_detects_injected_fraud_wave_with_start_and_examples():
    wave = Surge("fraud_report", datetime(2026, 11, 10, 10, tzinfo=CST), hours=3, factor=5.0)
    recs = stream(START, 14, 30.0, seed=7, surges=(wave,))
    alerts, _ = _detect(recs)
    fraud = [a for a in alerts if a.dimension == "intent" and a.label == "fraud_report"]
    assert len(fraud) == 1
    a = fraud[0]
    assert wave.start <= a.last_hour < wave.start + timedelta(hours=3)
    assert a.since <= a.last_hour
    assert wave.start - timedelta(hours=1) <= a.since <= wave.start + timedelta(hours=1)
    assert a.ratio >= PARAMS.min_ratio and a.p_value < PARAMS.alpha
    assert a.observed >= PARAMS.min_count
    assert a.examples and all(text == "<fraud_report>" for _, text in a.examples)
    assert "欺诈与盗刷" in a.message_zh() and "基线" in a.message_zh()
    # the same wave shows as P1 and on the fraud desk
    assert {(x.dimension, x.label) for x in alerts} >= {
        ("severity", "P1"),
        ("queue", "fraud_hotline"),
    }
    # nothing else alarms in the surge-free categories
    assert not [x for x in alerts if x.dimension == "intent" and x.label != "fraud_report"]


def _flat_history(label_rate: dict[str, int], days: int = 5):
    """Records with fixed counts per hour for each label (no randomness)."""
    from triage.kpi.records import KpiRecord

    out = []
    n = 0
    for h in range(days * 24):
        at = START + timedelta(hours=h)
        for label, k in label_rate.items():
            for _ in range(k):
                n += 1
                out.append(
                    KpiRecord(
                        id=f"f{n}",
                        channel="chat",
                        started_at=at,
                        agent_id=None,
                        team=None,
                        intent=label,
                        severity="P4",
                        queue="general",
                        sla_minutes=None,
                        qa_score=None,
                        qa_passed=None,
                        red_line=False,
                        snippet="x",
                    )
                )
    return out


def _add(records, label, k, at):
    from triage.kpi.records import KpiRecord

    return records + [
        KpiRecord(
            id=f"s{i}",
            channel="chat",
            started_at=at,
            agent_id=None,
            team=None,
            intent=label,
            severity="P4",
            queue="general",
            sla_minutes=None,
            qa_score=None,
            qa_passed=None,
            red_line=False,
            snippet="y",
        )
        for i in range(k)
    ]


def test_surge_not_a_fixed_count_rare_label_alerts_common_does_not():
    base = _flat_history({"transaction_inquiry": 10, "other": 1})
    at = START + timedelta(days=5, hours=3)
    recs = _add(_add(base, "other", 7, at), "transaction_inquiry", 8, at)
    alerts, _ = _detect(recs, replace(PARAMS, dimensions=("intent",), volume_adjusted=False))
    # "other": 7 against a baseline of ~1 alerts; "transaction_inquiry": 8 more than its
    # usual 10 (18 in the hour) does not
    assert [(a.label, a.observed) for a in alerts] == [("other", 7)]


def test_surge_not_a_fixed_count_volume_adjusted():
    base = _flat_history({"transaction_inquiry": 10, "other": 1})
    at = START + timedelta(days=5, hours=3)
    params = replace(PARAMS, dimensions=("intent",), volume_adjusted=True)
    # "other" 9 of 19 in the hour (usual share 1/11) alerts ...
    alerts, _ = _detect(_add(_add(base, "other", 9, at), "transaction_inquiry", 10, at), params)
    assert [(a.label, a.observed) for a in alerts] == [("other", 9)]
    # ... "transaction_inquiry" 18 of 19 (usual share 10/11) does not
    alerts, _ = _detect(_add(_add(base, "other", 1, at), "transaction_inquiry", 18, at), params)
    assert alerts == []


def test_surge_min_count_guards_tiny_counts():
    base = _flat_history({"transaction_inquiry": 10})  # fraud never seen
    at = START + timedelta(days=5, hours=3)
    params = replace(PARAMS, dimensions=("intent",))
    alerts, _ = _detect(_add(base, "fraud_report", 4, at), params)
    assert alerts == []  # p is tiny but 4 < min_count
    alerts, _ = _detect(_add(base, "fraud_report", 5, at), params)
    assert [a.label for a in alerts] == ["fraud_report"]


def test_surge_needs_minimum_history():
    base = _flat_history({"transaction_inquiry": 10}, days=2)  # 48 h < 72 h
    alerts, _ = _detect(_add(base, "fraud_report", 30, START + timedelta(days=2)))
    assert alerts == []


def test_surge_partial_hour_scales_the_baseline():
    params = replace(PARAMS, dimensions=("intent",), seasonal=False)
    base = _flat_history({"card_service": 12})
    at = START + timedelta(days=5)
    hc = HourlyCounts(dimensions=params.dimensions).add_records(_add(base, "card_service", 0, at))
    det = SurgeDetector(params)
    for i in range(15):  # 15 in the first 15 minutes: 5x the usual rate of 12 an hour
        hc.add(at + timedelta(minutes=i), {"intent": "card_service"}, f"n{i}")
    h = hour_index(at)
    now = at + timedelta(minutes=15)
    live = det.test(hc, ("intent", "card_service"), h, fraction=0.25)
    full = det.test(hc, ("intent", "card_service"), h)
    assert live.expected == pytest.approx(full.expected / 4)
    assert live.anomalous and not full.anomalous
    assert [a.label for a in det.detect(hc, h, h, now=now)] == ["card_service"]


def test_surge_volume_adjusted_ignores_busy_hours_for_everyone():
    base = _flat_history({"transaction_inquiry": 10, "card_service": 5, "other": 1})
    at = START + timedelta(days=5, hours=3)
    busy = base
    for label, k in {"transaction_inquiry": 40, "card_service": 20, "other": 4}.items():
        busy = _add(busy, label, k, at)  # every category x4 in one hour
    params = replace(PARAMS, dimensions=("intent",), volume_adjusted=False)
    rolling, _ = _detect(busy, params)
    assert {a.label for a in rolling} >= {"transaction_inquiry", "card_service"}
    adjusted, _ = _detect(busy, replace(params, volume_adjusted=True))
    assert adjusted == []
    # a rise of one category is still a surge when the others are steady
    wave = _add(_add(base, "other", 9, at), "transaction_inquiry", 10, at)
    wave = _add(wave, "card_service", 5, at)
    adjusted, _ = _detect(wave, replace(params, volume_adjusted=True))
    assert [a.label for a in adjusted] == ["other"]
