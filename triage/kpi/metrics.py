"""KPI computations over a set of :class:`KpiRecord` (one period / team / agent).

Every KPI is a :class:`KpiValue` with target, actual and gap. QA figures use the
final result (the reviewer's where a record was reviewed); the automatic and
reviewed figures are compared side by side on the reviewed subset.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from triage.kpi.config import KpiConfig, Target
from triage.kpi.records import KpiRecord
from triage.kpi.stats import mean, pearson

#: Order in which KPIs are shown.
KPI_ORDER: tuple[str, ...] = (
    "qa_avg_score",
    "qa_pass_rate",
    "red_line_count",
    "sla_met_rate",
    "first_response_avg",
    "first_response_rate",
    "complaint_on_time",
    "satisfaction_avg",
)

#: Chinese labels used when the configuration gives none.
KPI_LABELS: dict[str, str] = {
    "qa_avg_score": "质检平均分",
    "qa_pass_rate": "质检合格率",
    "red_line_count": "红线违规数",
    "sla_met_rate": "响应时效达标率",
    "first_response_avg": "平均首次响应时长",
    "first_response_rate": "15分钟内首次响应率",
    "complaint_on_time": "投诉按时办结率",
    "satisfaction_avg": "客户满意度",
}


@dataclass(frozen=True, slots=True)
class KpiValue:
    """One KPI: actual against target.

    Attributes:
        key: KPI code.
        label: Chinese label.
        actual: Measured value (rates as fractions), None when no data.
        target: Target value or None when not configured.
        better: ``higher`` or ``lower``.
        unit: Display unit (``%`` = fraction shown as percent).
        n: How many interactions the value is computed from.
    """

    key: str
    label: str
    actual: float | None
    target: float | None
    better: str = "higher"
    unit: str = ""
    n: int = 0

    @property
    def gap(self) -> float | None:
        """``actual - target`` (None when either is missing)."""
        if self.actual is None or self.target is None:
            return None
        return self.actual - self.target

    @property
    def met(self) -> bool | None:
        """Whether the target is met (None when it cannot be said)."""
        if self.gap is None:
            return None
        return self.gap >= 0 if self.better == "higher" else self.gap <= 0

    def fmt(self, value: float | None, signed: bool = False) -> str:
        """Format a value of this KPI for display (``—`` for None)."""
        if value is None:
            return "—"
        sign = "+" if signed and value > 0 else ""
        if self.unit == "%":
            return f"{sign}{value * 100:.1f}%"
        if self.key == "red_line_count":
            return f"{sign}{value:.0f}"
        return f"{sign}{value:.1f}{self.unit if self.unit not in ('', '%') else ''}"


@dataclass(frozen=True, slots=True)
class RuleCount:
    """How often one QA rule failed (final results)."""

    rule: str
    name: str | None
    count: int
    points: int


@dataclass(frozen=True, slots=True)
class ReviewComparison:
    """Automatic versus reviewed QA on the reviewed subset."""

    n: int
    auto_avg: float | None
    reviewed_avg: float | None
    auto_pass_rate: float | None
    reviewed_pass_rate: float | None
    agreement: float | None


@dataclass(frozen=True)
class KpiSummary:
    """All KPIs and details of one set of records."""

    n: int
    kpis: dict[str, KpiValue]
    failed_rules: list[RuleCount] = field(default_factory=list)
    dimension_scores: dict[str, float] = field(default_factory=dict)
    dimension_deductions: dict[str, float] = field(default_factory=dict)
    review: ReviewComparison | None = None
    satisfaction_qa_corr: float | None = None
    satisfaction_qa_n: int = 0
    satisfaction_passed: float | None = None
    satisfaction_failed: float | None = None


def _target(config: KpiConfig, key: str) -> Target:
    t = config.targets.get(key)
    if t is not None:
        return t
    better = "lower" if key in ("red_line_count", "first_response_avg") else "higher"
    return Target(key=key, target=float("nan"), better=better, label=KPI_LABELS[key])


def _value(config: KpiConfig, key: str, actual: float | None, n: int) -> KpiValue:
    t = _target(config, key)
    target = None if t.target != t.target else t.target  # NaN = not configured
    unit = t.unit or ("%" if key.endswith(("_rate", "_on_time")) else "")
    return KpiValue(key, t.label or KPI_LABELS[key], actual, target, t.better, unit, n)


def _sla_allowed_seconds(rec: KpiRecord, config: KpiConfig) -> float:
    if rec.sla_minutes is None:
        return config.first_response_minutes * 60.0
    return max(rec.sla_minutes * 60.0, config.sla_zero_grace_seconds)


def response_samples(records: Iterable[KpiRecord]) -> list[tuple[KpiRecord, float | None]]:
    """Response delays: chats' first reply (None = never answered), calls' wait time."""
    out: list[tuple[KpiRecord, float | None]] = []
    for r in records:
        if r.channel == "chat" and r.answered is not None:
            out.append((r, r.first_response_seconds))
        elif r.channel == "call" and r.wait_seconds is not None:
            out.append((r, r.wait_seconds))
    return out


def complaint_outcomes(
    records: Iterable[KpiRecord], config: KpiConfig, as_of: datetime | None
) -> list[tuple[KpiRecord, bool]]:
    """On-time outcome of each complaint that can be judged.

    A closed complaint is on time when closed within the limit. When closure
    data exists in the set, a complaint still open past the limit at ``as_of``
    is late; one still open within the limit is not judged yet.
    """
    complaints = [r for r in records if r.intent in config.complaint_intents and r.started_at]
    if not any(r.closed_at is not None for r in complaints):
        return []
    limit = timedelta(days=config.complaint_limit_days)
    out: list[tuple[KpiRecord, bool]] = []
    for r in complaints:
        assert r.started_at is not None  # filtered above
        if r.closed_at is not None:
            out.append((r, r.closed_at - r.started_at <= limit))
        elif as_of is not None and as_of - r.started_at > limit:
            out.append((r, False))
    return out


def compute_kpis(
    records: Sequence[KpiRecord], config: KpiConfig, as_of: datetime | None = None
) -> KpiSummary:
    """Compute every KPI of one set of records.

    Args:
        records: The interactions (one period / team / agent).
        config: Targets and parameters.
        as_of: "Now" for open complaints (None: open complaints are not judged).

    Returns:
        The summary.
    """
    scored = [r for r in records if r.final_score is not None]
    judged = [r for r in records if r.final_passed is not None]
    kpis: dict[str, KpiValue] = {}
    kpis["qa_avg_score"] = _value(
        config,
        "qa_avg_score",
        mean([r.final_score for r in scored]),
        len(scored),  # type: ignore[misc]
    )
    kpis["qa_pass_rate"] = _value(
        config,
        "qa_pass_rate",
        mean([1.0 if r.final_passed else 0.0 for r in judged]),
        len(judged),
    )
    kpis["red_line_count"] = _value(
        config,
        "red_line_count",
        float(sum(1 for r in records if r.final_red_line)) if records else None,
        len(records),
    )
    samples = response_samples(records)
    met = [s is not None and s <= _sla_allowed_seconds(r, config) for r, s in samples]
    kpis["sla_met_rate"] = _value(
        config, "sla_met_rate", mean([1.0 if m else 0.0 for m in met]), len(met)
    )
    delays = [s / 60.0 for _, s in samples if s is not None]
    kpis["first_response_avg"] = _value(config, "first_response_avg", mean(delays), len(delays))
    limit = config.first_response_minutes * 60.0
    within = [1.0 if s is not None and s <= limit else 0.0 for _, s in samples]
    kpis["first_response_rate"] = _value(config, "first_response_rate", mean(within), len(within))
    outcomes = complaint_outcomes(records, config, as_of)
    kpis["complaint_on_time"] = _value(
        config,
        "complaint_on_time",
        mean([1.0 if ok else 0.0 for _, ok in outcomes]),
        len(outcomes),
    )
    sats = [r.satisfaction for r in records if r.satisfaction is not None]
    kpis["satisfaction_avg"] = _value(config, "satisfaction_avg", mean(sats), len(sats))  # type: ignore[arg-type]

    pairs = [
        (r.satisfaction, r.final_score)
        for r in records
        if r.satisfaction is not None and r.final_score is not None
    ]
    corr = pearson([p[0] for p in pairs], [p[1] for p in pairs]) if pairs else None  # type: ignore[misc]
    return KpiSummary(
        n=len(records),
        kpis=kpis,
        failed_rules=failed_rule_counts(records)[: config.top_failed_rules],
        dimension_scores=_dimension_scores(records),
        dimension_deductions=_dimension_deductions(records),
        review=review_comparison(records),
        satisfaction_qa_corr=corr,
        satisfaction_qa_n=len(pairs),
        satisfaction_passed=mean(
            [r.satisfaction for r in records if r.satisfaction is not None and r.final_passed]  # type: ignore[misc]
        ),
        satisfaction_failed=mean(
            [
                r.satisfaction  # type: ignore[misc]
                for r in records
                if r.satisfaction is not None and r.final_passed is False
            ]
        ),
    )


def failed_rule_counts(records: Iterable[KpiRecord]) -> list[RuleCount]:
    """Failed rules (final results), most frequent first, ties by rule id."""
    counts: Counter[str] = Counter()
    points: Counter[str] = Counter()
    names: dict[str, str | None] = {}
    for r in records:
        for c in r.final_failed:
            counts[c.rule] += 1
            points[c.rule] += c.deduction
            names.setdefault(c.rule, c.name)
    ordered = sorted(counts, key=lambda rule: (-counts[rule], rule))
    return [RuleCount(rule, names.get(rule), counts[rule], points[rule]) for rule in ordered]


def _dimension_scores(records: Iterable[KpiRecord]) -> dict[str, float]:
    values: dict[str, list[float]] = defaultdict(list)
    for r in records:
        for dim, score in r.dimensions.items():
            values[dim].append(score)
    return {d: sum(v) / len(v) for d, v in sorted(values.items())}


def _dimension_deductions(records: Sequence[KpiRecord]) -> dict[str, float]:
    """Average points deducted per interaction in each dimension (final results)."""
    if not records:
        return {}
    totals: Counter[str] = Counter()
    for r in records:
        for c in r.final_failed:
            totals[c.dimension or "未分类"] += c.deduction
    return {d: totals[d] / len(records) for d in sorted(totals)}


def review_comparison(records: Iterable[KpiRecord]) -> ReviewComparison | None:
    """Automatic vs reviewed QA on the records that were reviewed (None if none)."""
    reviewed = [r for r in records if r.review is not None and r.qa_score is not None]
    if not reviewed:
        return None
    auto_pass = [r.qa_passed for r in reviewed if r.qa_passed is not None]
    final_pass = [r.final_passed for r in reviewed if r.final_passed is not None]
    agree = [
        r.qa_passed == r.final_passed
        for r in reviewed
        if r.qa_passed is not None and r.final_passed is not None
    ]
    return ReviewComparison(
        n=len(reviewed),
        auto_avg=mean([r.qa_score for r in reviewed]),  # type: ignore[misc]
        reviewed_avg=mean([r.final_score for r in reviewed]),  # type: ignore[misc]
        auto_pass_rate=mean([1.0 if p else 0.0 for p in auto_pass]),
        reviewed_pass_rate=mean([1.0 if p else 0.0 for p in final_pass]),
        agreement=mean([1.0 if a else 0.0 for a in agree]),
    )


def bucket_key(granularity: str) -> Callable[[datetime], str]:
    """A function giving the time bucket (``day``, ``week`` ISO, ``month``) of a datetime."""
    if granularity == "day":
        return lambda dt: dt.strftime("%Y-%m-%d")
    if granularity == "week":
        return lambda dt: "{}-W{:02d}".format(*dt.isocalendar()[:2])
    if granularity == "month":
        return lambda dt: dt.strftime("%Y-%m")
    raise ValueError(f"unknown granularity {granularity!r}")


def mix_over_time(
    records: Iterable[KpiRecord], dimension: str, granularity: str = "day"
) -> dict[str, Counter[str]]:
    """Counts of ``intent``/``severity``/``queue`` labels per time bucket.

    Records without a start time or label are left out.
    """
    if dimension not in ("intent", "severity", "queue"):
        raise ValueError(f"unknown mix dimension {dimension!r}")
    key = bucket_key(granularity)
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        label = getattr(r, dimension)
        if r.started_at is None or label is None:
            continue
        out[key(r.started_at)][label] += 1
    return dict(sorted(out.items()))


def filter_records(
    records: Iterable[KpiRecord],
    month: str | None = None,
    team: str | None = None,
    agent: str | None = None,
) -> list[KpiRecord]:
    """The records of one month (``YYYY-MM``), team and/or agent."""
    return [
        r
        for r in records
        if (month is None or r.month == month)
        and (team is None or r.team == team)
        and (agent is None or r.agent_id == agent)
    ]
