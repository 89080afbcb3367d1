"""Synthetic interaction streams for measuring the surge detector.

Arrivals per hour are Poisson with a day/night profile (busy 9-21 h, quiet at
night) and a fixed category mix; a surge multiplies one category's rate for a
few hours. Used by ``tests/kpi`` and ``eval/kpi/false_alarms.py``.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from triage.kpi.records import CST, KpiRecord

#: Share of traffic per intent (sums to 1) and the severity/queue each maps to.
DEFAULT_MIX: dict[str, tuple[float, str, str]] = {
    "transaction_inquiry": (0.22, "P4", "general"),
    "card_service": (0.15, "P3", "card_services"),
    "credit_repayment": (0.15, "P4", "credit_services"),
    "account_service": (0.12, "P3", "general"),
    "digital_channel": (0.10, "P4", "general"),
    "process_guidance": (0.09, "P4", "self_service"),
    "product_inquiry": (0.07, "P4", "wealth_specialist"),
    "complaint": (0.05, "P2", "complaints"),
    "fraud_report": (0.03, "P1", "fraud_hotline"),
    "other": (0.02, "P4", "general"),
}


def hour_profile(hour_of_day: int) -> float:
    """Relative traffic in one hour of the day (mean about 1)."""
    return (
        0.25 + 1.35 * max(0.0, math.sin(math.pi * (hour_of_day - 7) / 15))
        if 7 <= hour_of_day <= 22
        else 0.25
    )


@dataclass(frozen=True)
class Surge:
    """An injected surge: ``intent`` arrives ``factor`` times faster for ``hours``."""

    intent: str
    start: datetime
    hours: int
    factor: float


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 50:  # normal approximation keeps large rates fast
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def stream(
    start: datetime,
    days: int,
    per_hour: float,
    seed: int = 0,
    surges: tuple[Surge, ...] = (),
    mix: dict[str, tuple[float, str, str]] | None = None,
    day_sd: float = 0.0,
    hour_sd: float = 0.0,
) -> list[KpiRecord]:
    """A synthetic stream of scored interactions.

    Args:
        start: First hour (CST).
        days: Length in days.
        per_hour: Mean interactions per hour over the day.
        seed: Random seed (same seed, same stream).
        surges: Surges to inject.
        mix: Intent shares with their severity and queue (default :data:`DEFAULT_MIX`).
        day_sd: Log-scale spread of a per-day traffic level common to every
            category (busy and quiet days); 0 = pure Poisson.
        hour_sd: The same per hour (bursts of general traffic).

    Returns:
        Records with id, start time, intent, severity and queue set.
    """
    rng = random.Random(seed)
    mix = mix or DEFAULT_MIX
    start = start.replace(minute=0, second=0, microsecond=0, tzinfo=start.tzinfo or CST)
    out: list[KpiRecord] = []
    n = 0
    day_level = [math.exp(rng.gauss(0, day_sd)) if day_sd else 1.0 for _ in range(days)]
    for h in range(days * 24):
        at = start + timedelta(hours=h)
        level = day_level[h // 24] * (math.exp(rng.gauss(0, hour_sd)) if hour_sd else 1.0)
        base = per_hour * level * hour_profile(at.astimezone(CST).hour)
        for intent, (share, severity, queue) in mix.items():
            lam = base * share
            for s in surges:
                if intent == s.intent and s.start <= at < s.start + timedelta(hours=s.hours):
                    lam *= s.factor
            for _ in range(_poisson(rng, lam)):
                n += 1
                out.append(
                    KpiRecord(
                        id=f"syn-{n:07d}",
                        channel="chat",
                        started_at=at + timedelta(seconds=rng.randrange(3600)),
                        agent_id=None,
                        team=None,
                        intent=intent,
                        severity=severity,
                        queue=queue,
                        sla_minutes=None,
                        qa_score=None,
                        qa_passed=None,
                        red_line=False,
                        snippet=f"<{intent}>",
                    )
                )
    return out
