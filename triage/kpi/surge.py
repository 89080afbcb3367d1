"""Surge detection: unusual hourly rises per intent, severity and queue.

For every hour under test and every label of every configured dimension, the
rolling baseline is the label's mean count per hour over the previous
``window_hours`` (plus ``prior_count`` pseudo-events, so a label never seen
before is not "infinitely" surprising), scaled by the hour-of-day profile of
all traffic in the window (daytime hours are busier than nights).

Two tests (``volume_adjusted``):

* ``true`` (default): the label's count in the hour is tested against its usual
  share of traffic (window) given the hour's total traffic — a binomial upper
  tail. A busy hour for every category is then no surge, which keeps false
  alarms low on real, bursty traffic (see ``eval/kpi/report.md``).
* ``false``: the count is tested against the rolling baseline — a Poisson upper
  tail.

The hour is anomalous when that tail probability is below ``alpha`` AND the
count is at least ``min_count`` AND at least ``min_ratio`` times its expected
value — a rise must be statistically and practically significant, never a fixed
count. The last ``windows`` hours together are tested too (slower waves).

Consecutive anomalous hours of one label merge into one :class:`SurgeAlert`
whose ``since`` is walked back over the preceding hours that were already
elevated at the looser ``continue_alpha``.

The counts live in :class:`HourlyCounts`, filled either from scored records in
batch or incrementally by the live chat hook (:mod:`triage.kpi.live`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from triage.kpi.config import AlertParams
from triage.kpi.records import CST, KpiRecord
from triage.kpi.stats import binomial_sf, poisson_sf
from triage.schema import INTENT_ZH, QUEUE_ZH, SEVERITY_ZH

DIMENSION_ZH: dict[str, str] = {"intent": "问题类别", "severity": "严重等级", "queue": "队列"}
_EPOCH = datetime(1970, 1, 1, tzinfo=CST)


def hour_index(at: datetime) -> int:
    """Whole hours since 1970-01-01 00:00 CST (naive times are taken as CST)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=CST)
    return int((at - _EPOCH).total_seconds() // 3600)


def hour_start(index: int) -> datetime:
    """The CST datetime at which hour ``index`` starts."""
    return _EPOCH + timedelta(hours=index)


def label_zh(dimension: str, label: str) -> str:
    """Chinese name of a label (the code itself when unknown)."""
    table = {"intent": INTENT_ZH, "severity": SEVERITY_ZH, "queue": QUEUE_ZH}.get(dimension, {})
    zh = table.get(label)
    if dimension == "severity" and zh:
        return f"{label} {zh}"
    return zh or label


@dataclass
class HourlyCounts:
    """Interaction counts per hour: in total and per (dimension, label).

    Attributes:
        dimensions: Dimensions counted (``intent``, ``severity``, ``queue``).
        max_examples: Redacted examples kept per (dimension, label, hour).
    """

    dimensions: tuple[str, ...] = ("intent", "severity", "queue")
    max_examples: int = 3
    totals: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    counts: dict[tuple[str, str], dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    examples: dict[tuple[str, str, int], list[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    first_hour: int | None = None
    last_hour: int | None = None

    def add(
        self,
        at: datetime,
        labels: Mapping[str, str | None],
        record_id: str,
        snippet: str = "",
    ) -> None:
        """Count one interaction.

        Args:
            at: When it started.
            labels: Its label per dimension (missing or None: not counted there).
            record_id: Interaction id (kept with examples).
            snippet: A short REDACTED text for examples.
        """
        h = hour_index(at)
        self.totals[h] += 1
        self.first_hour = h if self.first_hour is None else min(self.first_hour, h)
        self.last_hour = h if self.last_hour is None else max(self.last_hour, h)
        for dim in self.dimensions:
            label = labels.get(dim)
            if not label:
                continue
            self.counts[(dim, label)][h] += 1
            ex = self.examples[(dim, label, h)]
            if len(ex) < self.max_examples:
                ex.append((record_id, snippet))

    def add_records(self, records: Iterable[KpiRecord]) -> HourlyCounts:
        """Count scored records (those without a start time are skipped); returns self."""
        for r in records:
            if r.started_at is None:
                continue
            labels = {"intent": r.intent, "severity": r.severity, "queue": r.queue}
            self.add(r.started_at, labels, r.id, r.snippet)
        return self

    def prune(self, before_hour: int) -> None:
        """Forget hours before ``before_hour`` (bounded memory in live mode)."""
        for h in [h for h in self.totals if h < before_hour]:
            del self.totals[h]
        for series in self.counts.values():
            for h in [h for h in series if h < before_hour]:
                del series[h]
        for k in [k for k in self.examples if k[2] < before_hour]:
            del self.examples[k]
        if self.first_hour is not None and self.first_hour < before_hour:
            self.first_hour = before_hour


@dataclass(frozen=True)
class HourTest:
    """The test of one label in one hour.

    Attributes:
        hour: Hour index.
        observed: Count in the hour.
        expected: Baseline of the hour.
        p_value: Poisson tail probability of the most significant window that
            raised the alarm (the hour's own when none did).
        anomalous: The hour raises (or continues) an alert.
        elevated: Above baseline at ``continue_alpha`` (used to date the start).
        window: Hours in the window that raised the alarm (1 = the hour alone).
        window_observed: Count in that window.
        window_expected: Baseline of that window.
    """

    hour: int
    observed: int
    expected: float
    p_value: float
    anomalous: bool
    elevated: bool
    window: int = 1
    window_observed: int = 0
    window_expected: float = 0.0


@dataclass(frozen=True)
class SurgeAlert:
    """An unusual rise of one label.

    Attributes:
        dimension: ``intent``, ``severity`` or ``queue``.
        label: The label code (``fraud_report``…).
        since: Start of the first elevated hour (CST).
        last_hour: Start of the latest anomalous hour (CST).
        observed: Count in the most significant window (``window_hours`` ending
            at ``peak_hour``).
        expected: Baseline of that window.
        p_value: Poisson tail probability of that window.
        total_observed: Count over the whole surge (``since`` .. end of ``last_hour``).
        total_expected: Baseline over the same hours.
        examples: ``(id, redacted snippet)`` pairs.
        window_hours: Length of the most significant window.
        peak_hour: Last hour of that window.
        raised_hour: The first hour that raised the alarm (detection delay =
            ``raised_hour`` minus the true start).
    """

    dimension: str
    label: str
    since: datetime
    last_hour: datetime
    observed: int
    expected: float
    p_value: float
    total_observed: int
    total_expected: float
    examples: tuple[tuple[str, str], ...] = ()
    window_hours: int = 1
    peak_hour: datetime | None = None
    raised_hour: datetime | None = None

    @property
    def key(self) -> str:
        """Stable identity of the alert (dimension, label, start)."""
        return f"{self.dimension}:{self.label}:{self.since.strftime('%Y-%m-%dT%H')}"

    @property
    def ratio(self) -> float:
        """Peak count as a multiple of its baseline."""
        return self.observed / self.expected if self.expected > 0 else float("inf")

    @property
    def what_zh(self) -> str:
        """What surged, in Chinese (``问题类别「欺诈与盗刷」``)."""
        dim = DIMENSION_ZH.get(self.dimension, self.dimension)
        return f"{dim}「{label_zh(self.dimension, self.label)}」"

    def message_zh(self) -> str:
        """One-line Chinese summary (no record text)."""
        peak = self.peak_hour or self.last_hour
        if self.window_hours > 1:
            first = peak - timedelta(hours=self.window_hours - 1)
            when = f"{first:%m-%d %H}时至{peak:%H}时（{self.window_hours}小时）"
        else:
            when = f"{peak:%m-%d %H}时"
        return (
            f"{self.what_zh}激增：{when} {self.observed} 起，"
            f"基线 {self.expected:.1f} 起，为基线的 {self.ratio:.1f} 倍"
            f"（p={self.p_value:.1e}），自 {self.since:%Y-%m-%d %H:%M} 起累计 "
            f"{self.total_observed} 起（预期 {self.total_expected:.1f}）"
        )

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (webhook payload, alerts file)."""
        return {
            "key": self.key,
            "dimension": self.dimension,
            "label": self.label,
            "label_zh": label_zh(self.dimension, self.label),
            "since": self.since.isoformat(),
            "last_hour": self.last_hour.isoformat(),
            "peak_hour": (self.peak_hour or self.last_hour).isoformat(),
            "window_hours": self.window_hours,
            "observed": self.observed,
            "expected": round(self.expected, 3),
            "ratio": round(self.ratio, 2) if self.expected > 0 else None,
            "p_value": self.p_value,
            "total_observed": self.total_observed,
            "total_expected": round(self.total_expected, 3),
            "message": self.message_zh(),
            "examples": [{"id": i, "text": t} for i, t in self.examples],
        }


class SurgeDetector:
    """Tests hourly counts against a rolling, seasonally scaled Poisson baseline.

    Args:
        params: Detector parameters (``alerts`` section of ``kpi.yaml``).
    """

    def __init__(self, params: AlertParams) -> None:
        self.params = params
        self._cache: dict[tuple[int, int], tuple[int, int, int]] = {}
        self._prefix: dict[tuple[str, str], tuple[int, int, list[int]]] = {}

    def _traffic(self, hc: HourlyCounts, lo: int, hour: int) -> tuple[int, int, int]:
        """All traffic in ``[lo, hour)``, and in the same hour of day (sum, hours); cached."""
        cached = self._cache.get((lo, hour))
        if cached is None:
            total = sum(hc.totals.get(h, 0) for h in range(lo, hour))
            same = range(hour - 24, lo - 1, -24)
            cached = (total, sum(hc.totals.get(h, 0) for h in same), len(same))
            self._cache[(lo, hour)] = cached
        return cached

    def _window_sum(self, hc: HourlyCounts, key: tuple[str, str], lo: int, hour: int) -> int:
        """Count of ``key`` in ``[lo, hour)`` from cached prefix sums."""
        assert hc.first_hour is not None and hc.last_hour is not None
        cached = self._prefix.get(key)
        if cached is None or cached[0] != hc.first_hour or cached[1] < hc.last_hour:
            series = hc.counts.get(key, {})
            cum = [0]
            for h in range(hc.first_hour, hc.last_hour + 1):
                cum.append(cum[-1] + series.get(h, 0))
            cached = (hc.first_hour, hc.last_hour, cum)
            self._prefix[key] = cached
        base, last, cum = cached
        a = min(max(lo - base, 0), len(cum) - 1)
        b = min(max(hour - base, 0), len(cum) - 1)
        return cum[b] - cum[a]

    def baseline(self, hc: HourlyCounts, key: tuple[str, str], hour: int) -> float | None:
        """Expected count of ``key`` in ``hour`` from the preceding window.

        Returns:
            The expected count, or None while history is shorter than
            ``min_history_hours``.
        """
        p = self.params
        if hc.first_hour is None:
            return None
        lo = max(hc.first_hour, hour - p.window_hours)
        n_hours = hour - lo
        if n_hours < p.min_history_hours:
            return None
        key_total = self._window_sum(hc, key, lo, hour)
        rate = (key_total + p.prior_count) / n_hours
        if not p.seasonal:
            return rate
        all_total, same_total, same_n = self._traffic(hc, lo, hour)
        if all_total == 0:
            return rate
        mean_total = all_total / n_hours
        # Shrunk towards 1 by a quarter pseudo-day so one odd day does not dominate.
        factor = (same_total + 0.25 * mean_total) / ((same_n + 0.25) * mean_total)
        return rate * factor

    def expected(
        self, hc: HourlyCounts, key: tuple[str, str], hour: int, fraction: float = 1.0
    ) -> float | None:
        """The count of ``key`` expected in ``hour`` (None: not enough history).

        With ``volume_adjusted`` the expectation is the label's share of traffic
        in the window applied to the OTHER labels' traffic in this very hour, so
        a busy day for everyone is not a surge of one category; when the hour has
        no other traffic the rolling baseline is used. Otherwise it is the
        rolling baseline scaled by ``fraction`` (the elapsed share of a live hour).
        """
        rolling = self.baseline(hc, key, hour)
        if rolling is None:
            return None
        p = self.params
        if p.volume_adjusted:
            assert hc.first_hour is not None
            lo = max(hc.first_hour, hour - p.window_hours)
            key_total = self._window_sum(hc, key, lo, hour)
            all_total = self._traffic(hc, lo, hour)[0]
            share = (key_total + p.prior_count) / (all_total + p.prior_count)
            others = hc.totals.get(hour, 0) - hc.counts.get(key, {}).get(hour, 0)
            if others > 0 and share < 1:
                return share / (1 - share) * others
        return rolling * max(0.05, min(1.0, fraction))

    def _tail(
        self, hc: HourlyCounts, key: tuple[str, str], hours: list[int], k: int, lam: float
    ) -> float:
        """Tail probability of ``k``: Poisson around ``lam``, or, volume-adjusted,
        binomial: ``k`` of the hours' total traffic at the label's usual share
        (the other labels' traffic is then not a noisy estimate but the condition).
        """
        p = self.params
        if p.volume_adjusted:
            n = sum(hc.totals.get(h, 0) for h in hours)
            share = self._share(hc, key, hours[-1])
            if share is not None and n > k - 1 and n - k > 0:
                return binomial_sf(k, n, share)
        return poisson_sf(k, lam)

    def _share(self, hc: HourlyCounts, key: tuple[str, str], hour: int) -> float | None:
        assert hc.first_hour is not None
        lo = max(hc.first_hour, hour - self.params.window_hours)
        if hour - lo < self.params.min_history_hours:
            return None
        key_total = self._window_sum(hc, key, lo, hour)
        all_total = self._traffic(hc, lo, hour)[0]
        share = (key_total + self.params.prior_count) / (all_total + self.params.prior_count)
        return share if 0 < share < 1 else None

    def test(
        self, hc: HourlyCounts, key: tuple[str, str], hour: int, fraction: float = 1.0
    ) -> HourTest | None:
        """Test one label in one hour.

        Args:
            hc: The counts.
            key: ``(dimension, label)``.
            hour: Hour index under test.
            fraction: Share of the hour elapsed (live mode tests the current,
                partial hour against a proportionally smaller baseline).

        Returns:
            The test, or None when there is not enough history.
        """
        lam = self.expected(hc, key, hour, fraction)
        if lam is None:
            return None
        series = hc.counts.get(key, {})
        k = series.get(hour, 0)
        p = self.params
        hour_p = self._tail(hc, key, [hour], k, lam)
        best = (hour_p, k, lam, 1)
        anomalous = k >= p.min_count and k >= p.min_ratio * lam and hour_p < p.alpha
        for w in p.windows:
            # A longer window only alarms while the hour itself is above its baseline,
            # so a past burst inside the window does not stretch the alert.
            if w <= 1 or k <= lam:
                continue
            lams = [self.expected(hc, key, h) for h in range(hour - w + 1, hour)]
            if any(x is None for x in lams):
                continue
            big_k = k + sum(series.get(h, 0) for h in range(hour - w + 1, hour))
            big_lam = lam + sum(lams)  # type: ignore[arg-type]
            pw = self._tail(hc, key, list(range(hour - w + 1, hour + 1)), big_k, big_lam)
            if big_k >= p.min_count and big_k >= p.min_ratio * big_lam and pw < p.alpha:
                anomalous = True
                if pw < best[0]:
                    best = (pw, big_k, big_lam, w)
        return HourTest(
            hour=hour,
            observed=k,
            expected=lam,
            p_value=best[0] if anomalous else hour_p,
            anomalous=anomalous,
            elevated=k > lam and hour_p < p.continue_alpha,
            window=best[3] if anomalous else 1,
            window_observed=best[1] if anomalous else k,
            window_expected=best[2] if anomalous else lam,
        )

    def detect(
        self,
        hc: HourlyCounts,
        start_hour: int | None = None,
        end_hour: int | None = None,
        now: datetime | None = None,
    ) -> list[SurgeAlert]:
        """All surges with an anomalous hour in ``[start_hour, end_hour]``.

        Args:
            hc: The counts.
            start_hour: First hour tested (default: the first hour with history).
            end_hour: Last hour tested (default: the last hour with data).
            now: Live mode: the current time; the current hour is tested as a
                partial hour.

        Returns:
            Alerts, ordered by start time then dimension and label.
        """
        self._cache.clear()  # counts may have changed since the last call
        self._prefix.clear()
        if hc.first_hour is None or hc.last_hour is None:
            return []
        start = hc.first_hour if start_hour is None else start_hour
        end = hc.last_hour if end_hour is None else end_hour
        now_hour = hour_index(now) if now is not None else None
        alerts: list[SurgeAlert] = []
        for key in sorted(hc.counts):
            run: list[HourTest] = []
            for hour in range(start, end + 1):
                fraction = 1.0
                if now is not None and hour == now_hour:
                    fraction = ((now.astimezone(CST) - hour_start(hour)).total_seconds()) / 3600
                t = self.test(hc, key, hour, fraction)
                if t is not None and t.anomalous:
                    run.append(t)
                    continue
                if run and t is not None and t.elevated:
                    run.append(t)  # still elevated: the surge goes on
                    continue
                if run:
                    alerts.append(self._alert(hc, key, run))
                    run = []
            if run:
                alerts.append(self._alert(hc, key, run))
        alerts.sort(key=lambda a: (a.since, a.dimension, a.label))
        return alerts

    def _alert(self, hc: HourlyCounts, key: tuple[str, str], run: list[HourTest]) -> SurgeAlert:
        while run and not run[-1].anomalous:
            run.pop()  # trailing merely-elevated hours do not extend the alert
        first = run[0].hour
        # Walk back over the hours that were already elevated before the first alarm.
        earlier: list[HourTest] = []
        h = first - 1
        while hc.first_hour is not None and h >= hc.first_hour:
            t = self.test(hc, key, h)
            if t is None or not t.elevated:
                break
            earlier.append(t)
            h -= 1
        tests = list(reversed(earlier)) + run
        peak = min(run, key=lambda t: (t.p_value, -t.window_observed))
        examples: list[tuple[str, str]] = []
        for t in sorted(tests, key=lambda t: -t.observed):
            for ex in hc.examples.get((key[0], key[1], t.hour), []):
                if len(examples) < self.params.examples:
                    examples.append(ex)
        return SurgeAlert(
            dimension=key[0],
            label=key[1],
            since=hour_start(tests[0].hour),
            last_hour=hour_start(run[-1].hour),
            observed=peak.window_observed,
            expected=peak.window_expected,
            p_value=peak.p_value,
            window_hours=peak.window,
            peak_hour=hour_start(peak.hour),
            raised_hour=hour_start(run[0].hour),
            total_observed=sum(t.observed for t in tests),
            total_expected=sum(t.expected for t in tests),
            examples=tuple(examples),
        )
