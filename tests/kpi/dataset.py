"""A small hand-built dataset whose KPIs are worked out by hand in the tests.

Period 2026-11 holds R1..R5, 2026-10 holds R6:

| id | ch | agent | start | intent | sla | reply/wait | score | failed | sat |
|----|----|-------|-------|--------|-----|------------|-------|--------|-----|
| R1 | chat | A1/T1 | 11-03 | complaint | 15 | 120 s | 90 reviewed | C07 C10 | 80 |
| R2 | chat | A1/T1 | 11-05 | card_service | 0 | 90 s | 70 fail | C02 C07 C08 | 60 |
| R3 | call | A2/T1 | 11-10 | complaint | 15 | wait 1200 s | 60 red line | C06 | — |
| R4 | chat | A2/T1 | 11-12 | fraud_report | 0 | 30 s | 100 | — | 100 |
| R5 | chat | B1/T2 | 11-15 | product_inq. | 15 | no answer | 95 → 100 rev. | C10 overturned | 90 |
| R6 | call | B1/T2 | 10-20 | complaint | 15 | wait 60 s | 80 | C07 C10 | — |

All start at 10:00 CST.

R1 was reviewed on 11-04 09:00 (C07 and C10 confirmed); R1 closed 11-10 (7 days);
R3 is still open; R6 closed 10-25.
"""

from __future__ import annotations

from typing import Any

from triage.kpi.config import load_kpi_config
from triage.kpi.records import KpiRecord, ReviewOutcome, parse_time, to_kpi_record

CHECK_INFO = {
    "C02": ("身份核验", "业务合规"),
    "C06": ("索要密码", "业务合规"),
    "C07": ("致歉安抚", "服务态度"),
    "C08": ("告知时限", "服务规范"),
    "C10": ("结束语", "服务规范"),
}


def _checks(failed: dict[str, int], red: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    out = []
    for rule, deduction in failed.items():
        name, dim = CHECK_INFO[rule]
        item = {
            "rule": rule,
            "passed": False,
            "deduction": deduction,
            "name": name,
            "dimension": dim,
            "evidence": [],
        }
        if rule in red:
            item["red_line"] = True
        out.append(item)
    out.append({"rule": "C01", "passed": True, "deduction": 0, "evidence": []})
    return out


def _chat_turns(reply_after: float | None) -> list[dict[str, Any]]:
    turns = [
        {"speaker": "agent", "text": "您好，工号1023", "start": 0.0},
        {"speaker": "customer", "text": "我的卡号是<BANK_CARD>，被盗刷了", "start": 10.0},
    ]
    if reply_after is not None:
        turns.append({"speaker": "agent", "text": "请您稍等", "start": 10.0 + reply_after})
    return turns


def raw_records() -> list[dict[str, Any]]:
    """The six scored SPEC §3 records."""

    def rec(
        rid: str,
        channel: str,
        agent: str,
        team: str,
        start: str,
        intent: str,
        severity: str,
        queue: str,
        sla: int,
        score: int,
        passed: bool,
        failed: dict[str, int],
        red: tuple[str, ...] = (),
        **extra: Any,
    ) -> dict[str, Any]:
        r: dict[str, Any] = {
            "id": rid,
            "channel": channel,
            "started_at": f"2026-{start}:00+08:00",
            "agent": {"id": agent, "team": team},
            "customer": {"segment": "retail"},
            "turns": _chat_turns(extra.pop("reply_after", None))
            if channel == "chat"
            else [
                {"speaker": "agent", "text": "您好", "start": 0.0, "end": 1.0},
                {"speaker": "customer", "text": "我要投诉", "start": 1.5, "end": 3.0},
            ],
            "pii": [],
            "intent": {"label": intent, "confidence": 0.9, "secondary": []},
            "severity": {"level": severity, "reasons": []},
            "qa": {
                "score": score,
                "passed": passed,
                "red_line": bool(red),
                "dimensions": {},
                "checks": _checks(failed, red),
            },
            "route": {"queue": queue, "priority": 2, "sla_minutes": sla, "escalate": False},
            "review": {"flagged": True, "reasons": []},
        }
        for key, value in extra.items():
            if key == "satisfaction":
                r["customer"]["satisfaction"] = value
            else:
                r[key] = value
        return r

    return [
        rec(
            "R1",
            "chat",
            "A1",
            "T1",
            "11-03T10:00",
            "complaint",
            "P2",
            "complaints",
            15,
            90,
            True,
            {"C07": 5, "C10": 5},
            reply_after=120,
            satisfaction=80,
            closed_at="2026-11-10T10:00:00+08:00",
        ),
        rec(
            "R2",
            "chat",
            "A1",
            "T1",
            "11-05T10:00",
            "card_service",
            "P3",
            "card_services",
            0,
            70,
            False,
            {"C02": 15, "C07": 5, "C08": 10},
            reply_after=90,
            satisfaction=60,
        ),
        rec(
            "R3",
            "call",
            "A2",
            "T1",
            "11-10T10:00",
            "complaint",
            "P2",
            "complaints",
            15,
            60,
            False,
            {"C06": 0},
            red=("C06",),
            wait_seconds=1200,
        ),
        rec(
            "R4",
            "chat",
            "A2",
            "T1",
            "11-12T10:00",
            "fraud_report",
            "P1",
            "fraud_hotline",
            0,
            100,
            True,
            {},
            reply_after=30,
            satisfaction=100,
        ),
        rec(
            "R5",
            "chat",
            "B1",
            "T2",
            "11-15T10:00",
            "product_inquiry",
            "P4",
            "wealth_specialist",
            15,
            95,
            True,
            {"C10": 5},
            reply_after=None,
            satisfaction=90,
        ),
        rec(
            "R6",
            "call",
            "B1",
            "T2",
            "10-20T10:00",
            "complaint",
            "P2",
            "complaints",
            15,
            80,
            True,
            {"C07": 5, "C10": 5},
            wait_seconds=60,
            closed_at="2026-10-25T10:00:00+08:00",
        ),
    ]


REVIEWS = {
    "R1": ReviewOutcome(
        reviewed_at=parse_time("2026-11-04T09:00:00+08:00"),
        final_score=90,
        passed=True,
        red_line=False,
    ),
    "R5": ReviewOutcome(
        reviewed_at=parse_time("2026-11-16T09:00:00+08:00"),
        final_score=100,
        passed=True,
        red_line=False,
        overturned=frozenset({"C10"}),
    ),
}


def kpi_records() -> list[KpiRecord]:
    """The dataset as KPI records, with the two reviews applied."""
    cfg = load_kpi_config()
    return [to_kpi_record(r, cfg, REVIEWS.get(r["id"])) for r in raw_records()]
