"""kpi.yaml loading: defaults from the norms, and errors that name the file and item."""

from __future__ import annotations

import pytest

from triage.errors import ConfigError
from triage.kpi.config import load_kpi_config


def test_config_default_targets_follow_the_norms():
    cfg = load_kpi_config()
    assert cfg.targets["complaint_on_time"].target == 0.95
    assert cfg.targets["first_response_avg"].target == 15
    assert cfg.targets["first_response_avg"].better == "lower"
    assert cfg.targets["satisfaction_avg"].target == 90
    assert cfg.first_response_minutes == 15
    assert cfg.alerts.alpha < 0.01 and cfg.alerts.min_count >= 1 and cfg.alerts.windows == (1, 3)


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("targets: {qa_avg_score: {better: up}}", "targets.qa_avg_score needs a 'target'"),
        ("targets: {qa_avg_score: {target: 80, better: up}}", "better must be"),
        ("alerts: {alpha: 2}", "alerts.alpha"),
        ("alerts: {dimensions: [agent]}", "alerts.dimensions"),
        ("alerts: {webhook_url: 'ftp://x'}", "webhook_url"),
        ("alerts: {windows: [0]}", "alerts.windows"),
        ("appraisal: {review_url: /review}", "review_url"),
        ("timeliness: {complaint_limit_days: soon}", "timeliness.complaint_limit_days"),
        ("- a list", "top level"),
    ],
)
def test_config_errors_name_the_item(tmp_path, yaml_text, message):
    f = tmp_path / "kpi.yaml"
    f.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as exc:
        load_kpi_config(f)
    assert str(f) in str(exc.value)
