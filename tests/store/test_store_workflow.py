"""Review workflow in the store: queue, assignment, verdict, appeal, calibration, export."""

from __future__ import annotations

from datetime import timedelta

import pytest

from triage.store import repository as repo
from triage.store.db import session_scope
from triage.store.ingest import ingest_records
from triage.store.models import Appeal, AuditEntry, Interaction, User, utcnow

USERS = [
    ("rev1", "reviewer", "reviewer-pass-1"),
    ("sup1", "supervisor", "supervisor-pass-1"),
    ("A1023", "agent", "agent-pass-123"),
    ("A2001", "agent", "agent-pass-123"),
]


@pytest.fixture(scope="session")
def password_hashes():
    """argon2 hashes computed once (hashing is deliberately slow)."""
    from triage.store.users import hash_password

    return {name: hash_password(pw) for name, _, pw in USERS}


@pytest.fixture
def loaded(db_url, scored_records, password_hashes):
    ingest_records(db_url, scored_records)
    with session_scope(db_url) as s:
        for name, role, _ in USERS:
            s.add(
                User(
                    username=name,
                    role=role,
                    password_hash=password_hashes[name],
                    agent_id=name if role == "agent" else None,
                )
            )
    return db_url


def _user(s, name):
    return repo.get_user_by_name(s, name)


def test_queue_filters_and_sorting(loaded):
    with session_scope(loaded) as s:
        page = repo.list_queue(s)
        assert page.total == 3
        assert [i.interaction.severity for i in page.items][0] == "P1"  # severity sort first
        assert repo.list_queue(s, repo.QueueFilter(severity="P1")).total == 1
        assert repo.list_queue(s, repo.QueueFilter(rule="C04")).total == 1
        assert repo.list_queue(s, repo.QueueFilter(rule="C01")).total == 0  # C01 passed
        assert repo.list_queue(s, repo.QueueFilter(reason="qa:red_line")).total == 1
        assert repo.list_queue(s, repo.QueueFilter(reason="qa:red")).total == 0  # exact reason
        assert repo.list_queue(s, repo.QueueFilter(agent_id="A1023")).total == 2
        assert repo.list_queue(s, repo.QueueFilter(queue="wealth_specialist")).total == 1
        from datetime import datetime

        f = repo.QueueFilter(date_from=datetime(2026, 11, 21), date_to=datetime(2026, 11, 22))
        assert [i.interaction_id for i in repo.list_queue(s, f).items] == ["call-fixture-0002"]
        by_score = repo.list_queue(s, sort="qa_score").items
        scores = [i.interaction.qa_score for i in by_score]
        assert scores == sorted(scores)
        p2 = repo.list_queue(s, per_page=2, page=2)
        assert p2.pages == 2 and len(p2.items) == 1
        assert "severity:P1" in repo.flag_reason_options(s, ttl=0)


def test_assignment_and_verdict_recomputes_score(loaded):
    with session_scope(loaded) as s:
        rev = _user(s, "rev1")
        item = repo.assign(s, "call-fixture-0001", rev)
        assert item.status == "assigned"
        assert repo.list_queue(s, repo.QueueFilter(assignee_id=rev.id)).total == 1
        with pytest.raises(repo.QueueError):
            repo.assign(s, "call-fixture-0001", _user(s, "A1023"))  # agents cannot review
        inter = s.get(Interaction, "call-fixture-0001")
        assert inter.qa_score == 75
        v = repo.record_verdict(
            s,
            inter,
            rev,
            {"C05": "confirm", "C07": "overturn", "C08": "overturn"},
            intent="complaint",
            severity="P2",
            comment="客户手机 13812345678 不应出现",
        )
        assert v.auto_score == 75 and v.reviewed_score == 90 and v.reviewed_passed is True
        assert v.reviewed_intent == "complaint" and v.auto_intent == "fraud_report"
        assert "13812345678" not in v.comment and "<NUMBER>" in v.comment
        assert inter.review.status == "reviewed"
        with pytest.raises(repo.VerdictError):
            repo.record_verdict(s, inter, rev, {"C01": "overturn"})  # C01 did not fail
        with pytest.raises(repo.VerdictError):
            repo.record_verdict(s, inter, rev, {"C05": "maybe"})


def test_red_line_confirmed_fails_whatever_the_score(loaded):
    with session_scope(loaded) as s:
        inter = s.get(Interaction, "call-fixture-0002")
        v = repo.record_verdict(s, inter, _user(s, "rev1"), {"C03": "overturn"})
        assert v.reviewed_score == 100 and v.reviewed_red_line and v.reviewed_passed is False
        v2 = repo.record_verdict(s, inter, _user(s, "rev1"), {"C03": "overturn", "C04": "overturn"})
        assert v2.reviewed_passed is True and not v2.reviewed_red_line
        assert repo.current_verdict(s, inter.id).id == v2.id
        assert len(repo.verdict_history(s, inter.id)) == 2


def test_appeal_rules_and_supervisor_decision(loaded):
    with session_scope(loaded) as s:
        inter = s.get(Interaction, "call-fixture-0001")
        agent, other, sup = _user(s, "A1023"), _user(s, "A2001"), _user(s, "sup1")
        assert repo.appeal_block_reason(s, inter, agent) == "尚未复核，暂不能申诉"
        repo.record_verdict(s, inter, _user(s, "rev1"), {})  # all confirmed
        assert repo.appeal_block_reason(s, inter, other) == "只能对本人的质检结果申诉"
        late = utcnow() + timedelta(days=8)
        assert repo.appeal_block_reason(s, inter, agent, now=late) == "已超过申诉期限"
        repo.set_setting(s, "appeal_days", 10)
        assert repo.appeal_block_reason(s, inter, agent, now=late) is None
        appeal = repo.create_appeal(s, inter, agent, "我已致歉，见第4句")
        with pytest.raises(repo.AppealError):
            repo.create_appeal(s, inter, agent, "again")
        with pytest.raises(repo.AppealError):
            repo.decide_appeal(s, appeal, _user(s, "rev1"), True)
        repo.decide_appeal(
            s, appeal, sup, True, decisions={"C05": "confirm", "C07": "overturn", "C08": "confirm"}
        )
        assert appeal.status == "accepted"
        cur = repo.current_verdict(s, inter.id)
        assert (
            cur.kind == "appeal" and cur.reviewed_score == 80 and cur.id == appeal.result_verdict_id
        )
        with pytest.raises(repo.AppealError):
            repo.decide_appeal(s, appeal, sup, False)
        assert s.get(Appeal, appeal.id).decided_by_id == sup.id


def test_calibration_per_rule_and_category(loaded):
    with session_scope(loaded) as s:
        rev = _user(s, "rev1")
        repo.record_verdict(
            s,
            s.get(Interaction, "call-fixture-0001"),
            rev,
            {"C05": "confirm", "C07": "overturn", "C08": "confirm"},
            intent="complaint",
        )
        repo.record_verdict(
            s, s.get(Interaction, "call-fixture-0002"), rev, {"C03": "confirm", "C04": "confirm"}
        )
        cal = repo.calibration(s)
        rules = {a.key: (a.total, a.agreed) for a in cal.per_rule}
        assert rules == {"C03": (1, 1), "C04": (1, 1), "C05": (1, 1), "C07": (1, 0), "C08": (1, 1)}
        intents = {a.key: (a.total, a.agreed) for a in cal.per_intent}
        assert intents == {"fraud_report": (1, 0), "product_inquiry": (1, 1)}
        assert cal.intent_corrections == [("fraud_report", "complaint", 1)]
        assert cal.reviewed == 2


def test_export_dataset_roundtrip(loaded, tmp_path):
    from datasets import load_from_disk

    with session_scope(loaded) as s:
        repo.record_verdict(
            s,
            s.get(Interaction, "call-fixture-0001"),
            _user(s, "rev1"),
            {"C07": "overturn"},
            intent="complaint",
            severity="P2",
        )
        repo.export_dataset(s, tmp_path / "ds")
    ds = load_from_disk(str(tmp_path / "ds"))
    assert len(ds) == 1
    row = ds[0]
    assert ds.features["intent"].int2str(row["intent"]) == "complaint"
    assert row["auto_intent"] == "fraud_report"
    assert dict(zip(row["check_rules"], row["check_confirmed"], strict=True)) == {
        "C05": True,
        "C07": False,
        "C08": True,
    }
    assert "<BANK_CARD>" in row["text"]


def test_audit_log_keeps_ids_only(loaded):
    with session_scope(loaded) as s:
        rev = _user(s, "rev1")
        repo.log_event(
            s,
            rev,
            "view_interaction",
            "interaction",
            "call-fixture-0001",
            page=1,
            nested={"a": 1, "b": [1]},
            obj=object(),
        )
        with pytest.raises(ValueError):
            repo.log_event(s, rev, "made_up_action")
        page = repo.list_audit(s, username="rev1")
        assert page.total == 1
        e: AuditEntry = page.entries[0]
        assert e.detail == {"page": 1, "nested": {"a": 1}}


def test_users_authenticate_argon2(loaded):
    with session_scope(loaded) as s:
        u = _user(s, "rev1")
        assert u.password_hash.startswith("$argon2")
        assert repo.authenticate(s, "rev1", "reviewer-pass-1").id == u.id
        assert repo.authenticate(s, "REV1", "reviewer-pass-1").id == u.id
        assert repo.authenticate(s, "rev1", "wrong-password") is None
        assert repo.authenticate(s, "nobody", "reviewer-pass-1") is None
        with pytest.raises(repo.UserError):
            repo.create_user(s, "bad name", "reviewer", "longenough")
        with pytest.raises(repo.UserError):
            repo.create_user(s, "x", "root", "longenough")
        with pytest.raises(repo.UserError):
            repo.create_user(s, "x", "agent", "short")
        assert _user(s, "A1023").agent_id == "A1023"
