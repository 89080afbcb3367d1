"""Figures from scored public-set records (aggregates only: no text of the sets is kept).

Each function takes the set's :class:`~eval.public.sets.Item` objects and, in the same
order, what the pipeline returned for each (a SPEC §3 record as a dict, or a
:class:`~triage.errors.RecordError`), and returns plain JSON-able figures.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from eval.public.sets import Item

#: Severity levels at least as urgent as P3 / P2.
AT_LEAST_P3 = frozenset({"P1", "P2", "P3"})
AT_LEAST_P2 = frozenset({"P1", "P2"})
#: Words the COCC README names for tickets that should reach P2 (regulator, media).
COCC_ESCALATION = re.compile("工信部|投诉到|曝光")


def _ok(results: Sequence[Any]) -> list[dict[str, Any] | None]:
    return [r if isinstance(r, dict) else None for r in results]


def _intent_any(rec: dict[str, Any], label: str) -> bool:
    intent = rec.get("intent") or {}
    return intent.get("label") == label or label in (intent.get("secondary") or [])


def _check_failed(rec: dict[str, Any], rule: str) -> bool:
    for check in (rec.get("qa") or {}).get("checks", []):
        if check.get("rule") == rule:
            return not check.get("passed", True)
    return False


def _share(k: int, n: int) -> float | None:
    return round(k / n, 4) if n else None


def cocc(items: Sequence[Item], results: Sequence[Any]) -> dict[str, Any]:
    """Complaint recall (primary, primary or secondary), severity, per ticket category."""
    recs = _ok(results)
    rows: dict[str, dict[str, Any]] = {}
    esc_n = esc_hit = 0
    for item, rec in zip(items, recs, strict=True):
        row = rows.setdefault(
            item.label,
            {
                "n": 0,
                "failed": 0,
                "complaint": 0,
                "complaint_any": 0,
                "at_least_p3": 0,
                "severity": Counter(),
                "intent": Counter(),
            },
        )
        row["n"] += 1
        if rec is None:
            row["failed"] += 1
            continue
        level = (rec.get("severity") or {}).get("level")
        row["severity"][level] += 1
        row["intent"][(rec.get("intent") or {}).get("label")] += 1
        row["complaint"] += (rec.get("intent") or {}).get("label") == "complaint"
        row["complaint_any"] += _intent_any(rec, "complaint")
        row["at_least_p3"] += level in AT_LEAST_P3
        text = "".join(t["text"] for t in item.record["turns"])
        if COCC_ESCALATION.search(text):
            esc_n += 1
            esc_hit += level in AT_LEAST_P2
    total = {
        key: sum(r[key] for r in rows.values())
        for key in ("n", "failed", "complaint", "complaint_any", "at_least_p3")
    }
    severity: Counter[str] = Counter()
    intent: Counter[str] = Counter()
    for r in rows.values():
        severity.update(r["severity"])
        intent.update(r["intent"])
    per = {
        label: {
            "n": r["n"],
            "failed": r["failed"],
            "complaint": _share(r["complaint"], r["n"]),
            "complaint_any": _share(r["complaint_any"], r["n"]),
            "at_least_p3": _share(r["at_least_p3"], r["n"]),
            "top_intents": r["intent"].most_common(3),
        }
        for label, r in sorted(rows.items())
    }
    return {
        "n": total["n"],
        "failed": total["failed"],
        "complaint": _share(total["complaint"], total["n"]),
        "complaint_any": _share(total["complaint_any"], total["n"]),
        "at_least_p3": _share(total["at_least_p3"], total["n"]),
        "severity": dict(sorted(severity.items(), key=lambda kv: str(kv[0]))),
        "intents": intent.most_common(),
        "escalation_words": {"n": esc_n, "at_least_p2": _share(esc_hit, esc_n)},
        "per_category": per,
    }


def polarity(items: Sequence[Item], results: Sequence[Any]) -> dict[str, Any]:
    """Per label: customer read as upset (C07 applies and fails), complaint, C05 on agents."""
    recs = _ok(results)
    rows: dict[str, Counter[str]] = {}
    for item, rec in zip(items, recs, strict=True):
        row = rows.setdefault(item.label, Counter())
        row["n"] += 1
        if rec is None:
            row["failed"] += 1
            continue
        row["upset"] += _check_failed(rec, "C07")
        row["complaint_any"] += _intent_any(rec, "complaint")
        row["at_least_p3"] += (rec.get("severity") or {}).get("level") in AT_LEAST_P3
        # the agent turns are fixed and polite: a C05 failure means customer words were read
        row["c05_failed"] += _check_failed(rec, "C05")
    return {
        label: {
            "n": r["n"],
            "failed": r["failed"],
            "upset": _share(r["upset"], r["n"]),
            "complaint_any": _share(r["complaint_any"], r["n"]),
            "at_least_p3": _share(r["at_least_p3"], r["n"]),
            "c05_failed": r["c05_failed"],
        }
        for label, r in sorted(rows.items())
    }


def mobilecs(items: Sequence[Item], results: Sequence[Any]) -> dict[str, Any]:
    """C01 (greeting) and C10 (closing) beside the dialogues' own agent intents."""
    recs = _ok(results)
    rows = []
    for item, rec in zip(items, recs, strict=True):
        intents = item.extra.get("agent_intents", [])
        greeted = bool(intents) and "问候" in intents[0]
        closed = any(i in ("再见", "客套") for turn in intents[-2:] for i in turn)
        rows.append(
            {
                "id": item.record["id"],
                "turns": len(item.record["turns"]),
                "failed": rec is None,
                "agent_greets": greeted,
                "agent_closes": closed,
                "c01_passed": None if rec is None else not _check_failed(rec, "C01"),
                "c10_passed": None if rec is None else not _check_failed(rec, "C10"),
            }
        )
    return {
        "n": len(rows),
        "agent_greets": sum(r["agent_greets"] for r in rows),
        "c01_passed": sum(bool(r["c01_passed"]) for r in rows),
        "agent_closes": sum(r["agent_closes"] for r in rows),
        "c10_passed": sum(bool(r["c10_passed"]) for r in rows),
        "dialogues": rows,
    }


#: Set name -> metrics function.
METRICS = {"cocc": cocc, "waimai": polarity, "sentiment": polarity, "mobilecs": mobilecs}
