"""Review flag: red line, QA under pass mark, P1/P2, unsure models, calibration sample."""

from __future__ import annotations

import pytest
from route.helpers import make_doc

from triage.config import load_pipeline_config
from triage.errors import ConfigError
from triage.review_flag import ReviewFlagStage, ReviewPolicy, reason_zh, sample_draw
from triage.route.facts import facts_from_doc

CLEAN = dict(intent="card_service", confidence=0.95, severity="P3", qa_score=95)


def flag(policy: ReviewPolicy, **kw):
    return policy.decide(facts_from_doc(make_doc(**{**CLEAN, **kw})))


@pytest.fixture()
def policy() -> ReviewPolicy:
    return ReviewPolicy(sample_rate=0.0, severity_confidence_below=0.5)


def test_review_flag_clean_record_not_flagged(policy):
    assert flag(policy).flagged is False


def test_review_flag_red_line_names_the_rule(policy):
    r = flag(policy, red_line_rules=("C06",), qa_score=90)
    assert r.flagged and "red_line:C06" in r.reasons


def test_review_flag_score_under_pass_mark(policy):
    assert flag(policy, qa_score=79).reasons == ("qa:below_pass_mark",)
    assert not flag(policy, qa_score=80).flagged


@pytest.mark.parametrize(
    "level,flagged", [("P1", True), ("P2", True), ("P3", False), ("P4", False)]
)
def test_review_flag_severity(policy, level, flagged):
    r = flag(policy, severity=level)
    assert r.flagged is flagged
    assert (f"severity:{level}" in r.reasons) is flagged


def test_review_flag_unsure_intent_low_top_probability(policy):
    assert "intent:low_confidence" in flag(policy, confidence=0.5).reasons


def test_review_flag_unsure_intent_close_top_two(policy):
    r = flag(policy, confidence=0.48, scores={"card_service": 0.48, "fraud_report": 0.45})
    assert "intent:close_call" in r.reasons
    r = flag(policy, confidence=0.8, scores={"card_service": 0.8, "fraud_report": 0.75})
    assert r.reasons == ("intent:close_call",)


def test_review_flag_unsure_severity_only_when_confidence_given(policy):
    assert flag(policy, severity_confidence=0.3).reasons == ("severity:low_confidence",)
    assert not flag(policy, severity_confidence=None).flagged


def test_review_flag_all_reasons_listed(policy):
    r = flag(policy, severity="P1", red_line_rules=("C04",), qa_score=50, confidence=0.3)
    assert set(r.reasons) >= {
        "red_line:C04",
        "qa:below_pass_mark",
        "severity:P1",
        "intent:low_confidence",
    }


def test_review_flag_sample_is_deterministic_and_near_rate():
    policy = ReviewPolicy(sample_rate=0.1, sample_seed="s1")
    ids = [f"call-{i:05d}" for i in range(4000)]
    first = [flag(policy, record_id=i).flagged for i in ids]
    again = [flag(policy, record_id=i).flagged for i in ids]
    assert first == again
    share = sum(first) / len(ids)
    assert 0.08 < share < 0.12
    assert {
        flag(policy, record_id=i).reasons for i in ids if flag(policy, record_id=i).flagged
    } == {("sample:calibration",)}
    other = ReviewPolicy(sample_rate=0.1, sample_seed="s2")
    assert [flag(other, record_id=i).flagged for i in ids] != first


def test_review_flag_sample_only_draws_from_the_rest():
    policy = ReviewPolicy(sample_rate=1.0)
    assert flag(policy).reasons == ("sample:calibration",)
    assert flag(policy, severity="P1").reasons == ("severity:P1",)
    assert not ReviewPolicy(sample_rate=0.0).decide(facts_from_doc(make_doc(**CLEAN))).flagged


def test_review_flag_sample_draw_uniform_range():
    draws = [sample_draw("seed", str(i)) for i in range(1000)]
    assert all(0 <= d < 1 for d in draws) and 0.4 < sum(draws) / 1000 < 0.6


def test_review_flag_stage_uses_qa_pass_mark_from_pipeline(tmp_path, repo_root):
    (tmp_path / "review.yaml").write_text(
        (repo_root / "pipelines" / "review.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "p.yaml").write_text(
        "name: t\nstages:\n  - name: qa\n    factory: triage.qa.v1\n"
        "    settings: {pass_mark: 90}\n",
        encoding="utf-8",
    )
    stage = ReviewFlagStage(config=load_pipeline_config(tmp_path / "p.yaml"), sample_rate=0.0)
    stage.setup()
    doc = make_doc(**{**CLEAN, "qa_score": 85})
    stage.process(doc)
    assert doc.review is not None and doc.review.reasons == ("qa:below_pass_mark",)


def test_review_flag_shipped_policy_loads(repo_root):
    stage = ReviewFlagStage()
    stage.setup()
    assert stage.policy is not None and stage.policy.pass_mark == 80
    assert stage.policy.severities == {"P1", "P2"}


@pytest.mark.parametrize(
    "raw,pattern",
    [
        ({"severity": ["P7"]}, "severity"),
        ({"pass_mark": 120}, "pass_mark"),
        ({"sample": {"rate": 2}}, "sample.rate"),
        ({"unsure": {"intent": {"confidence_below": "high"}}}, "confidence_below"),
        ({"colour": 1}, "unknown key"),
    ],
)
def test_review_flag_policy_validation(raw, pattern):
    with pytest.raises(ConfigError, match=pattern):
        ReviewPolicy.from_dict(raw, "review.yaml")


def test_review_flag_reason_zh():
    assert reason_zh("red_line:C06") == "质检红线 C06"
    assert reason_zh("severity:P1") == "严重等级 P1"
    assert reason_zh("sample:calibration") == "随机抽检（校准）"
