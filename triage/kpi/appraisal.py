"""Monthly agent appraisal: KPIs, trend, rank in team, deductions, rectification.

The appraisal of an agent for a month (``YYYY-MM``) holds the month's KPIs,
the same KPIs for the previous months (trend), the rank within the agent's
team on a configured KPI, every deduction with a link into the review app,
and rectification items: rules the agent failed repeatedly in the month, and
whether each failed again after a reviewer had confirmed it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from triage.kpi.config import KpiConfig
from triage.kpi.metrics import KpiSummary, compute_kpis, filter_records, mix_over_time
from triage.kpi.records import KpiRecord


@dataclass(frozen=True, slots=True)
class Deduction:
    """One failed check behind a deduction, with its link into the review app."""

    id: str
    started_at: datetime | None
    rule: str
    name: str | None
    deduction: int
    red_line: bool
    reviewed: bool
    link: str


@dataclass(frozen=True, slots=True)
class Rectification:
    """A failed rule that recurs, and whether it recurred after review.

    Attributes:
        rule: Rule id.
        name: Chinese rule name if known.
        count: Failures in the appraised month.
        reviewed_at: When a reviewer first confirmed a failure of this rule for
            this agent (None: never reviewed).
        recurrences_after_review: Failures in interactions that started after
            ``reviewed_at`` (up to the end of the month).
    """

    rule: str
    name: str | None
    count: int
    reviewed_at: datetime | None
    recurrences_after_review: int

    @property
    def status_zh(self) -> str:
        """整改状态 in Chinese."""
        if self.reviewed_at is None:
            return "未经复核"
        if self.recurrences_after_review:
            return f"复核后仍复发（{self.recurrences_after_review} 次）"
        return "复核后未再出现"


@dataclass(frozen=True)
class AgentAppraisal:
    """One agent's appraisal for one month."""

    agent_id: str
    team: str | None
    period: str
    summary: KpiSummary
    trend: list[tuple[str, KpiSummary]]
    rank: int | None
    team_size: int
    deductions: list[Deduction] = field(default_factory=list)
    rectification: list[Rectification] = field(default_factory=list)


@dataclass(frozen=True)
class AppraisalReport:
    """The appraisal of every selected agent for one month, with context.

    Attributes:
        period: ``YYYY-MM``.
        team: Team filter or None.
        agent: Agent filter or None.
        generated_at: When it was computed.
        overall: KPIs of all selected records in the month.
        teams: KPIs per team in the month.
        agents: Per-agent appraisals, by team then rank.
        mix: ``intent``/``severity``/``queue`` → day → label → count.
    """

    period: str
    team: str | None
    agent: str | None
    generated_at: datetime
    overall: KpiSummary
    teams: dict[str, KpiSummary]
    agents: list[AgentAppraisal]
    mix: dict[str, dict[str, Counter[str]]]


def previous_months(period: str, n: int) -> list[str]:
    """The ``n`` months before ``period`` (``YYYY-MM``), oldest first."""
    try:
        year, month = (int(x) for x in period.split("-"))
    except ValueError as exc:
        raise ValueError(f"period must be YYYY-MM, got {period!r}") from exc
    if not 1 <= month <= 12:
        raise ValueError(f"period must be YYYY-MM, got {period!r}")
    out = []
    for _ in range(n):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        out.append(f"{year:04d}-{month:02d}")
    return list(reversed(out))


def _rank_value(summary: KpiSummary, key: str) -> float | None:
    kpi = summary.kpis.get(key)
    return kpi.actual if kpi is not None else None


def rank_agents(
    summaries: dict[str, KpiSummary], key: str, better: str = "higher"
) -> dict[str, int | None]:
    """Competition ranking (1 = best; ties share a rank) on one KPI.

    Agents without a value for the KPI get None.
    """
    values = {a: _rank_value(s, key) for a, s in summaries.items()}
    ranked = sorted(
        (v if better == "higher" else -v, a) for a, v in values.items() if v is not None
    )
    ranked.reverse()
    out: dict[str, int | None] = {a: None for a in summaries}
    for i, (v, a) in enumerate(ranked):
        if i > 0 and v == ranked[i - 1][0]:
            out[a] = out[ranked[i - 1][1]]
        else:
            out[a] = i + 1
    return out


def deductions(records: Sequence[KpiRecord], config: KpiConfig) -> list[Deduction]:
    """Every final failed check in the records, in time order, with review links."""
    out = []
    ordered = sorted(
        records,
        key=lambda r: (r.started_at is None, r.started_at.timestamp() if r.started_at else 0, r.id),
    )
    for r in ordered:
        for c in r.final_failed:
            out.append(
                Deduction(
                    id=r.id,
                    started_at=r.started_at,
                    rule=c.rule,
                    name=c.name,
                    deduction=c.deduction,
                    red_line=c.red_line,
                    reviewed=r.review is not None,
                    link=config.review_url.replace("{id}", quote(r.id, safe="")),
                )
            )
    return out


def rectification_items(
    month_records: Sequence[KpiRecord],
    history: Sequence[KpiRecord],
    config: KpiConfig,
) -> list[Rectification]:
    """Rules failed at least ``recurring_min`` times in the month.

    Args:
        month_records: The agent's records in the appraised month.
        history: All the agent's records up to the end of the month (used to
            find the first confirmed review and later recurrences).
        config: ``recurring_min``.

    Returns:
        Items, most frequent first.
    """
    counts: Counter[str] = Counter()
    names: dict[str, str | None] = {}
    for r in month_records:
        for c in r.final_failed:
            counts[c.rule] += 1
            names.setdefault(c.rule, c.name)
    items = []
    for rule, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if count < config.recurring_min:
            continue
        reviewed_times = [
            r.review.reviewed_at
            for r in history
            if r.review is not None
            and r.review.reviewed_at is not None
            and any(c.rule == rule for c in r.final_failed)
        ]
        first_review = min(reviewed_times) if reviewed_times else None
        recurred = 0
        if first_review is not None:
            recurred = sum(
                1
                for r in history
                if r.started_at is not None
                and r.started_at > first_review
                and any(c.rule == rule for c in r.final_failed)
            )
        items.append(Rectification(rule, names.get(rule), count, first_review, recurred))
    return items


def appraise(
    records: Sequence[KpiRecord],
    period: str,
    config: KpiConfig,
    team: str | None = None,
    agent: str | None = None,
    as_of: datetime | None = None,
) -> AppraisalReport:
    """Build the monthly appraisal.

    Args:
        records: All available records (the month and the months before it).
        period: The appraised month, ``YYYY-MM``.
        config: KPI configuration.
        team: Only this team's agents.
        agent: Only this agent (rank is still computed within the team).
        as_of: "Now" for judging open complaints (default: the current time).

    Returns:
        The report.
    """
    from datetime import UTC

    now = as_of or datetime.now(UTC)
    months = previous_months(period, config.trend_months)
    month_recs = filter_records(records, month=period, team=team)
    by_agent: dict[str, list[KpiRecord]] = defaultdict(list)
    for r in month_recs:
        if r.agent_id is not None:
            by_agent[r.agent_id].append(r)
    agent_team: dict[str, str | None] = {
        a: Counter(r.team for r in rs).most_common(1)[0][0] for a, rs in by_agent.items()
    }
    summaries = {a: compute_kpis(rs, config, now) for a, rs in by_agent.items()}
    better = config.targets[config.rank_by].better if config.rank_by in config.targets else "higher"
    teams_of: dict[str | None, list[str]] = defaultdict(list)
    for a, t in agent_team.items():
        teams_of[t].append(a)
    ranks: dict[str, int | None] = {}
    for members in teams_of.values():
        ranks.update(rank_agents({a: summaries[a] for a in members}, config.rank_by, better))

    selected = [a for a in by_agent if agent is None or a == agent]
    appraisals = []
    for a in selected:
        history = [
            r for r in records if r.agent_id == a and r.month is not None and r.month <= period
        ]
        trend = [
            (m, compute_kpis([r for r in history if r.month == m], config, now)) for m in months
        ]
        trend.append((period, summaries[a]))
        appraisals.append(
            AgentAppraisal(
                agent_id=a,
                team=agent_team[a],
                period=period,
                summary=summaries[a],
                trend=trend,
                rank=ranks.get(a),
                team_size=len(teams_of[agent_team[a]]),
                deductions=deductions(by_agent[a], config),
                rectification=rectification_items(by_agent[a], history, config),
            )
        )
    appraisals.sort(
        key=lambda ap: (ap.team or "", ap.rank if ap.rank is not None else 10**9, ap.agent_id)
    )
    scope = [r for r in month_recs if agent is None or r.agent_id == agent]
    team_recs: dict[str, list[KpiRecord]] = defaultdict(list)
    for r in scope:
        team_recs[r.team or "未分组"].append(r)
    return AppraisalReport(
        period=period,
        team=team,
        agent=agent,
        generated_at=now,
        overall=compute_kpis(scope, config, now),
        teams={t: compute_kpis(rs, config, now) for t, rs in sorted(team_recs.items())},
        agents=appraisals,
        mix={d: mix_over_time(scope, d, "day") for d in ("intent", "severity", "queue")},
    )
