"""KPI, appraisal and surge-alert configuration (``pipelines/kpi.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from triage.config import PIPELINES_DIR, load_yaml
from triage.errors import ConfigError

DEFAULT_KPI_CONFIG = PIPELINES_DIR / "kpi.yaml"


@dataclass(frozen=True)
class Target:
    """The target of one KPI.

    Attributes:
        key: KPI code (``qa_avg_score``…).
        target: Target value (rates as fractions 0..1).
        better: ``higher`` or ``lower``: which direction meets the target.
        label: Chinese label shown in reports.
        unit: Display unit (``%`` means the value is a fraction shown as percent).
    """

    key: str
    target: float
    better: str = "higher"
    label: str = ""
    unit: str = ""


@dataclass(frozen=True)
class AlertParams:
    """Parameters of the surge detector (see :mod:`triage.kpi.surge`)."""

    dimensions: tuple[str, ...] = ("intent", "severity", "queue")
    window_hours: int = 168
    min_history_hours: int = 72
    seasonal: bool = True
    volume_adjusted: bool = True
    alpha: float = 1e-4
    continue_alpha: float = 0.05
    windows: tuple[int, ...] = (1, 3)
    min_count: int = 5
    min_ratio: float = 2.0
    prior_count: float = 1.0
    examples: int = 3
    example_chars: int = 60
    check_interval_seconds: float = 60.0
    webhook_url: str | None = None
    webhook_timeout_seconds: float = 5.0


@dataclass(frozen=True)
class KpiConfig:
    """Parsed ``kpi.yaml``.

    Attributes:
        path: The file it came from (None for built-in defaults).
        fields: Where optional values live in a scored record (dotted paths).
        first_response_minutes: Norm for the first response.
        sla_zero_grace_seconds: ``sla_minutes: 0`` counts as met within this.
        complaint_intents: Intent labels that count as complaints.
        complaint_limit_days: Complaint handled on time within this many days.
        pass_mark: QA pass mark (when a record lacks ``qa.passed``).
        top_failed_rules: How many most-failed rules to list.
        targets: KPI code → target.
        trend_months: Previous months shown in an appraisal.
        rank_by: KPI code ranking agents within a team.
        recurring_min: Failures of one rule in a month that make a rectification item.
        review_url: Link pattern into the review app (``{id}`` is replaced).
        alerts: Surge detector parameters.
    """

    path: Path | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    first_response_minutes: float = 15.0
    sla_zero_grace_seconds: float = 60.0
    complaint_intents: tuple[str, ...] = ("complaint",)
    complaint_limit_days: float = 15.0
    pass_mark: int = 80
    top_failed_rules: int = 5
    targets: dict[str, Target] = field(default_factory=dict)
    trend_months: int = 3
    rank_by: str = "qa_avg_score"
    recurring_min: int = 2
    review_url: str = "/review/{id}"
    alerts: AlertParams = field(default_factory=AlertParams)

    def field_paths(self, name: str) -> list[str]:
        """Dotted paths to try, in order, for an optional field (``team``, ``closed_at``…)."""
        value = self.fields.get(name)
        paths: list[str] = []
        if isinstance(value, str):
            paths.append(value)
        elif isinstance(value, list):
            paths.extend(str(v) for v in value)
        fallbacks = self.fields.get(f"{name}_fallbacks")
        if isinstance(fallbacks, list):
            paths.extend(str(v) for v in fallbacks)
        return paths


def _section(raw: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    value = raw.get(name) or {}
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: '{name}' must be a mapping")
    return value


def _number(section: dict[str, Any], key: str, default: float, path: Path, where: str) -> float:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{path}: {where}.{key} must be a number")
    return float(value)


def _targets(raw: dict[str, Any], path: Path) -> dict[str, Target]:
    out: dict[str, Target] = {}
    for key, spec in raw.items():
        if not isinstance(spec, dict) or "target" not in spec:
            raise ConfigError(f"{path}: targets.{key} needs a 'target'")
        better = spec.get("better", "higher")
        if better not in ("higher", "lower"):
            raise ConfigError(f"{path}: targets.{key}.better must be 'higher' or 'lower'")
        out[str(key)] = Target(
            key=str(key),
            target=_number(spec, "target", 0, path, f"targets.{key}"),
            better=better,
            label=str(spec.get("label", key)),
            unit=str(spec.get("unit", "")),
        )
    return out


def _windows(value: Any, path: Path) -> tuple[int, ...]:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 24 for v in value)
    ):
        raise ConfigError(f"{path}: alerts.windows must be a list of hour counts 1..24")
    return tuple(sorted(set(value)))


def _alerts(raw: dict[str, Any], path: Path) -> AlertParams:
    d = AlertParams()
    dims = raw.get("dimensions", list(d.dimensions))
    if not isinstance(dims, list) or not all(x in ("intent", "severity", "queue") for x in dims):
        raise ConfigError(f"{path}: alerts.dimensions must list intent/severity/queue")
    url = raw.get("webhook_url")
    if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        raise ConfigError(f"{path}: alerts.webhook_url must be an http(s) URL or null")

    def num(key: str, default: float) -> float:
        return _number(raw, key, default, path, "alerts")

    alpha = num("alpha", d.alpha)
    if not 0 < alpha < 1:
        raise ConfigError(f"{path}: alerts.alpha must be between 0 and 1")
    return AlertParams(
        dimensions=tuple(dims),
        window_hours=int(num("window_hours", d.window_hours)),
        min_history_hours=int(num("min_history_hours", d.min_history_hours)),
        seasonal=bool(raw.get("seasonal", d.seasonal)),
        volume_adjusted=bool(raw.get("volume_adjusted", d.volume_adjusted)),
        alpha=alpha,
        continue_alpha=num("continue_alpha", d.continue_alpha),
        windows=_windows(raw.get("windows", list(d.windows)), path),
        min_count=int(num("min_count", d.min_count)),
        min_ratio=num("min_ratio", d.min_ratio),
        prior_count=num("prior_count", d.prior_count),
        examples=int(num("examples", d.examples)),
        example_chars=int(num("example_chars", d.example_chars)),
        check_interval_seconds=num("check_interval_seconds", d.check_interval_seconds),
        webhook_url=url,
        webhook_timeout_seconds=num("webhook_timeout_seconds", d.webhook_timeout_seconds),
    )


def load_kpi_config(path: Path | str | None = None) -> KpiConfig:
    """Parse and validate a KPI configuration (``pipelines/kpi.yaml`` by default).

    Args:
        path: The YAML file; None for the default.

    Returns:
        The parsed configuration.

    Raises:
        ConfigError: naming the file and the item when something is invalid.
    """
    p = Path(path) if path is not None else DEFAULT_KPI_CONFIG
    raw = load_yaml(p)
    if not isinstance(raw, dict):
        raise ConfigError(f"{p}: top level must be a mapping")
    timeliness = _section(raw, "timeliness", p)
    qa = _section(raw, "qa", p)
    appraisal = _section(raw, "appraisal", p)
    intents = timeliness.get("complaint_intents", ["complaint"])
    if not isinstance(intents, list):
        raise ConfigError(f"{p}: timeliness.complaint_intents must be a list")
    review_url = str(appraisal.get("review_url", "/review/{id}"))
    if "{id}" not in review_url:
        raise ConfigError(f"{p}: appraisal.review_url must contain '{{id}}'")
    return KpiConfig(
        path=p.resolve(),
        fields=_section(raw, "fields", p),
        first_response_minutes=_number(timeliness, "first_response_minutes", 15, p, "timeliness"),
        sla_zero_grace_seconds=_number(timeliness, "sla_zero_grace_seconds", 60, p, "timeliness"),
        complaint_intents=tuple(str(x) for x in intents),
        complaint_limit_days=_number(timeliness, "complaint_limit_days", 15, p, "timeliness"),
        pass_mark=int(_number(qa, "pass_mark", 80, p, "qa")),
        top_failed_rules=int(_number(qa, "top_failed_rules", 5, p, "qa")),
        targets=_targets(_section(raw, "targets", p), p),
        trend_months=int(_number(appraisal, "trend_months", 3, p, "appraisal")),
        rank_by=str(appraisal.get("rank_by", "qa_avg_score")),
        recurring_min=int(_number(appraisal, "recurring_min", 2, p, "appraisal")),
        review_url=review_url,
        alerts=_alerts(_section(raw, "alerts", p), p),
    )
