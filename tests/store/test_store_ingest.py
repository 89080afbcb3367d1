"""Ingest of scored records: upsert, queue filling, sampling, redacted-only."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import func, select

from triage.store.db import session_scope
from triage.store.ingest import IngestError, ingest_records, sampled
from triage.store.models import Check, Interaction, ReviewItem
from triage.store.settings import set_setting


def _count(url, model):
    with session_scope(url) as s:
        return s.scalar(select(func.count()).select_from(model))


def test_ingest_writes_columns_and_checks(db_url, scored_records):
    assert ingest_records(db_url, scored_records) == len(scored_records)
    with session_scope(db_url) as s:
        row = s.get(Interaction, "call-fixture-0001")
        assert row.channel == "call" and row.agent_id == "A1023"
        assert row.severity == "P1" and row.intent == "fraud_report"
        assert row.queue == "fraud_hotline" and row.flagged is True
        assert row.flag_reasons == "|severity:P1|qa:below_pass|"
        assert row.started_at.isoformat() == "2026-11-20T01:15:00"  # +08:00 stored as UTC
        assert row.record["turns"][1]["text"].count("<BANK_CARD>") == 1
        rules = {c.rule: c for c in row.checks}
        assert rules["C05"].passed is False and rules["C05"].deduction == 10
        assert rules["C05"].evidence == [
            {"turn": 2, "start": 0, "end": 3},
            {"turn": 2, "start": 4, "end": 9},
        ]
    flagged = sum(r["review"]["flagged"] for r in scored_records)
    assert _count(db_url, ReviewItem) == flagged


def test_ingest_rerun_updates_instead_of_duplicating(db_url, scored_records):
    ingest_records(db_url, scored_records)
    n_checks = _count(db_url, Check)
    changed = copy.deepcopy(scored_records)
    changed[3]["qa"]["score"] = 42
    changed[3]["review"] = {"flagged": True, "reasons": ["qa:below_pass"]}
    ingest_records(db_url, changed)
    assert _count(db_url, Interaction) == len(scored_records)
    assert _count(db_url, Check) == n_checks
    with session_scope(db_url) as s:
        row = s.get(Interaction, changed[3]["id"])
        assert row.qa_score == 42 and row.flagged is True
        assert row.review is not None and row.review.source == "flagged"
    # scored again as unflagged while still untouched: leaves the queue
    ingest_records(db_url, scored_records)
    with session_scope(db_url) as s:
        assert s.get(Interaction, changed[3]["id"]).review is None


def test_ingest_duplicate_ids_in_one_batch_keep_last(db_url, scored_records):
    a = copy.deepcopy(scored_records[0])
    b = copy.deepcopy(scored_records[0])
    b["qa"]["score"] = 11
    ingest_records(db_url, [a, b])
    with session_scope(db_url) as s:
        assert s.get(Interaction, a["id"]).qa_score == 11
    assert _count(db_url, Interaction) == 1


def test_ingest_refuses_unredacted_or_idless_records(db_url, scored_records):
    raw = copy.deepcopy(scored_records[0])
    del raw["pii"]
    with pytest.raises(IngestError, match="call-fixture-0001") as info:
        ingest_records(db_url, [raw])
    assert "BANK_CARD" not in str(info.value) and "盗刷" not in str(info.value)
    with pytest.raises(IngestError):
        ingest_records(db_url, [{"channel": "call"}])


def test_ingest_samples_unflagged_share_deterministically(db_url, scored_records):
    with session_scope(db_url) as s:
        set_setting(s, "sampling_share", 0.5)
    base = scored_records[3]
    recs = []
    for i in range(200):
        r = copy.deepcopy(base)
        r["id"] = f"sample-{i:04d}"
        recs.append(r)
    ingest_records(db_url, recs)
    expected = {r["id"] for r in recs if sampled(r["id"], 0.5)}
    assert 60 < len(expected) < 140
    with session_scope(db_url) as s:
        got = set(s.scalars(select(ReviewItem.interaction_id).where(ReviewItem.source == "sample")))
    assert got == expected
    ingest_records(db_url, recs)  # same decision on rerun
    assert _count(db_url, ReviewItem) == len(expected)


def test_ingest_sampled_helper_bounds():
    assert not any(sampled(f"x{i}", 0.0) for i in range(100))
    assert all(sampled(f"x{i}", 1.0) for i in range(100))


def test_ingest_apply_sampling_adds_existing_unflagged(db_url, scored_records):
    from triage.store.ingest import apply_sampling

    recs = []
    for i in range(100):
        r = copy.deepcopy(scored_records[3])
        r["id"] = f"later-{i:03d}"
        recs.append(r)
    ingest_records(db_url, recs)  # default share 0: nothing sampled
    assert _count(db_url, ReviewItem) == 0
    with session_scope(db_url) as s:
        added = apply_sampling(s, 0.3)
    assert added == sum(sampled(r["id"], 0.3) for r in recs) > 0
    with session_scope(db_url) as s:
        assert apply_sampling(s, 0.3) == 0  # nothing drawn twice
