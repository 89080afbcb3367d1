"""Calibration: agreement between automatic and reviewed results, per rule and per category."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from triage.store.models import Verdict, VerdictCheck
from triage.store.verdicts import latest_verdict_ids


@dataclass(frozen=True)
class Agreement:
    """How often reviewers agreed with the automatic result for one key."""

    key: str
    total: int
    agreed: int

    @property
    def rate(self) -> float | None:
        """Share agreed (None when nothing was reviewed)."""
        return self.agreed / self.total if self.total else None


@dataclass(frozen=True)
class Calibration:
    """Agreement per rule, per intent, per severity, and the correction pairs."""

    per_rule: list[Agreement]
    per_intent: list[Agreement]
    per_severity: list[Agreement]
    intent_corrections: list[tuple[str, str, int]]
    severity_corrections: list[tuple[str, str, int]]
    reviewed: int
    score_agreement: Agreement


def calibration(session: Session) -> Calibration:
    """Compute calibration figures over each interaction's current verdict."""
    latest = latest_verdict_ids()
    cur = select(Verdict).join(latest, Verdict.id == latest.c.id).subquery()

    rule_rows = session.execute(
        select(
            VerdictCheck.rule,
            func.count(),
            func.sum(case((VerdictCheck.decision == "confirm", 1), else_=0)),
        )
        .join(latest, VerdictCheck.verdict_id == latest.c.id)
        .group_by(VerdictCheck.rule)
        .order_by(VerdictCheck.rule)
    ).all()
    per_rule = [Agreement(r, int(n), int(ok or 0)) for r, n, ok in rule_rows]

    def _per(col_auto, col_rev) -> tuple[list[Agreement], list[tuple[str, str, int]]]:  # type: ignore[no-untyped-def]
        rows = session.execute(
            select(col_auto, col_rev, func.count()).group_by(col_auto, col_rev)
        ).all()
        totals: dict[str, list[int]] = {}
        pairs: list[tuple[str, str, int]] = []
        for auto, rev, n in rows:
            key = auto or "-"
            t = totals.setdefault(key, [0, 0])
            t[0] += int(n)
            if auto == rev:
                t[1] += int(n)
            else:
                pairs.append((key, rev or "-", int(n)))
        agreements = [Agreement(k, v[0], v[1]) for k, v in sorted(totals.items())]
        return agreements, sorted(pairs, key=lambda p: -p[2])

    per_intent, intent_pairs = _per(cur.c.auto_intent, cur.c.reviewed_intent)
    per_sev, sev_pairs = _per(cur.c.auto_severity, cur.c.reviewed_severity)
    reviewed = session.scalar(select(func.count()).select_from(cur)) or 0
    same_pass = (
        session.scalar(
            select(func.count()).select_from(cur).where(cur.c.auto_passed == cur.c.reviewed_passed)
        )
        or 0
    )
    return Calibration(
        per_rule,
        per_intent,
        per_sev,
        intent_pairs,
        sev_pairs,
        int(reviewed),
        Agreement("passed", int(reviewed), int(same_pass)),
    )
