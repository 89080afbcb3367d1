"""Run summary: counts, score buckets, bounded evidence examples, text output."""

from __future__ import annotations

from triage.errors import RecordError
from triage.summary import EXAMPLES_PER_RULE, RunSummary


def _record(rid: str, score: int, agent: str = "A1", failed: bool = True) -> dict:
    turns = [{"speaker": "agent", "text": "喂，你自己去查吧，这个不归我管。"}]
    checks = [
        {
            "rule": "C05",
            "passed": not failed,
            "deduction": 10 if failed else 0,
            "evidence": [{"turn": 0, "start": 2, "end": 7}] if failed else [],
            "name": "禁用语",
            "dimension": "服务态度",
        }
    ]
    return {
        "id": rid,
        "channel": "call",
        "agent": {"id": agent},
        "customer": {"segment": "vip"},
        "turns": turns,
        "pii": [{"turn": 0, "start": 0, "end": 1, "type": "PERSON", "score": 0.9}],
        "intent": {"label": "complaint", "confidence": 0.8, "secondary": []},
        "severity": {"level": "P2", "reasons": []},
        "qa": {
            "score": score,
            "passed": score >= 80,
            "red_line": False,
            "dimensions": {"服务态度": score},
            "checks": checks,
        },
        "route": {"queue": "complaints", "priority": 2, "sla_minutes": 5, "escalate": True},
        "review": {"flagged": True, "reasons": ["severity:P2"]},
    }


def test_summary_counts_and_buckets() -> None:
    s = RunSummary()
    for i, score in enumerate([100, 95, 79, 0, 85]):
        s.add_record(_record(f"r{i}", score, agent="A1" if i < 3 else "A2"))
    s.add_error(RecordError("f", 1, "E101", "x"))
    assert (s.records, s.errors, s.total) == (5, 1, 6)
    assert dict(s.score_histogram) == {100: 1, 90: 1, 70: 1, 0: 1, 80: 1}
    assert s.qa_passed == 3 and abs(s.qa_pass_rate - 0.6) < 1e-9
    assert s.intents == {"complaint": 5} and s.queues == {"complaints": 5} and s.escalated == 5
    assert s.flag_reasons == {"severity:P2": 5} and s.pii_types == {"PERSON": 5}
    assert s.agents["A1"].records == 3 and s.agents["A2"].mean_score == 42.5
    d = s.to_dict()
    assert d["qa"]["dimensions"] == {"服务态度": 71.8}
    assert d["error_codes"] == {"E101": 1}


def test_summary_keeps_a_few_redacted_examples_per_rule() -> None:
    s = RunSummary()
    for i in range(10):
        s.add_record(_record(f"r{i}", 90))
    (rule,) = s.top_rules()
    assert rule.failed == 10 and rule.deducted == 100 and rule.name == "禁用语"
    assert len(rule.examples) == EXAMPLES_PER_RULE
    ex = rule.examples[0]
    assert (ex["before"], ex["hit"]) == ("喂，", "你自己去查")
    assert ex["after"].startswith("吧")


def test_summary_text_uses_chinese_labels() -> None:
    s = RunSummary()
    s.add_record(_record("r1", 70))
    text = s.format_text()
    assert "投诉(complaint) 1" in text and "高(P2) 1" in text and "投诉专席(complaints) 1" in text
    assert "pass rate 0.0%" in text and "flagged for review: 1/1" in text
