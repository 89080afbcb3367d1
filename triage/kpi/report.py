"""Appraisal output: a self-contained HTML report (inline SVG) and a CSV export.

Both carry ids, codes, figures and Chinese labels only, never interaction
text.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from triage.kpi.appraisal import AgentAppraisal, AppraisalReport
from triage.kpi.config import KpiConfig
from triage.kpi.metrics import KPI_LABELS, KPI_ORDER, KpiSummary
from triage.kpi.records import CST
from triage.kpi.surge import SurgeAlert
from triage.kpi.svg import hbar_chart, line_chart, stacked_columns
from triage.schema import INTENT_ZH, QUEUE_ZH, SEVERITY_ZH

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _fmt1(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}"


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def _dims(summary: KpiSummary) -> list[str]:
    return sorted(set(summary.dimension_scores) | set(summary.dimension_deductions))


def _rules_chart(summary: KpiSummary, title: str) -> str:
    items = [(f"{rc.rule} {rc.name or ''}".strip(), float(rc.count)) for rc in summary.failed_rules]
    return hbar_chart(items, title)


def _agent_charts(a: AgentAppraisal, config: KpiConfig) -> dict[str, str]:
    avg_t = config.targets.get("qa_avg_score")
    pass_t = config.targets.get("qa_pass_rate")
    return {
        "trend": line_chart(
            [(m, s.kpis["qa_avg_score"].actual) for m, s in a.trend],
            "质检平均分趋势",
            target=avg_t.target if avg_t else None,
        ),
        "pass": line_chart(
            [(m, s.kpis["qa_pass_rate"].actual) for m, s in a.trend],
            "质检合格率趋势",
            target=pass_t.target if pass_t else None,
            percent=True,
        ),
        "rules": _rules_chart(a.summary, "本月扣分最多的规则（次数）"),
    }


def render_html(
    report: AppraisalReport,
    config: KpiConfig,
    base_url: str = "",
    alerts: Sequence[SurgeAlert] | None = None,
) -> str:
    """The appraisal report as one self-contained HTML page (no external assets).

    Args:
        report: The computed appraisal.
        config: KPI configuration (targets, rank KPI).
        base_url: Prefix for review-app links (``http://host:8000``); empty keeps
            them root-relative.
        alerts: Surge alerts of the period (figures only; examples are not
            shown); None: the section says alerts were not checked.

    Returns:
        The HTML text.
    """
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    mix_labels = {"intent": INTENT_ZH, "severity": SEVERITY_ZH, "queue": QUEUE_ZH}
    mix_titles = {"intent": "问题类别", "severity": "严重等级", "queue": "队列"}
    charts: dict[str, Any] = {
        "overall_rules": _rules_chart(report.overall, "扣分最多的规则（次数）"),
        "agents": {a.agent_id: _agent_charts(a, config) for a in report.agents},
    }
    for dim, table in mix_labels.items():
        labels = dict(table)
        if dim == "severity":
            labels = {k: f"{k} {v}" for k, v in table.items()}
        for counts in report.mix[dim].values():
            for code in counts:
                labels.setdefault(code, code)
        charts[f"mix_{dim}"] = stacked_columns(
            [(day, dict(c)) for day, c in report.mix[dim].items()],
            labels,
            f"{mix_titles[dim]}分布（每日通数）",
        )
    rank_t = config.targets.get(config.rank_by)
    template = env.get_template("appraisal.html")
    return template.render(
        r=report,
        alerts=None if alerts is None else list(alerts),
        charts=charts,
        base_url=base_url.rstrip("/"),
        generated=report.generated_at.astimezone(CST).strftime("%Y-%m-%d %H:%M"),
        rank_label=rank_t.label if rank_t else KPI_LABELS.get(config.rank_by, config.rank_by),
        fmt1=_fmt1,
        pct=_pct,
        dims=_dims,
    )


def csv_rows(report: AppraisalReport, config: KpiConfig) -> Iterable[list[str]]:
    """Header then one row per agent: rank, volume, each KPI's actual/target/gap."""
    header = ["月份", "团队", "坐席", "团队排名", "团队人数", "通数"]
    for key in KPI_ORDER:
        label = report.overall.kpis[key].label if key in report.overall.kpis else key
        header += [f"{label}-实际", f"{label}-目标", f"{label}-差距"]
    header += ["扣分项数", "整改项", "复核后仍复发规则"]
    yield header
    for a in report.agents:
        row = [
            report.period,
            a.team or "",
            a.agent_id,
            "" if a.rank is None else str(a.rank),
            str(a.team_size),
            str(a.summary.n),
        ]
        for key in KPI_ORDER:
            k = a.summary.kpis[key]
            row += [_num(k.actual), _num(k.target), _num(k.gap)]
        row += [
            str(len(a.deductions)),
            " ".join(f"{it.rule}×{it.count}" for it in a.rectification),
            " ".join(it.rule for it in a.rectification if it.recurrences_after_review),
        ]
        yield row


def _num(v: float | None) -> str:
    if v is None:
        return ""
    return f"{v:.4f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))


def write_csv(report: AppraisalReport, config: KpiConfig, path: Path | str) -> Path:
    """Write the per-agent CSV (UTF-8 with BOM so spreadsheet programs read the Chinese)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    with open(p, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        for row in csv_rows(report, config):
            writer.writerow(row)
    return p


def write_html(
    report: AppraisalReport,
    config: KpiConfig,
    path: Path | str,
    base_url: str = "",
    alerts: Sequence[SurgeAlert] | None = None,
) -> Path:
    """Write the HTML report; returns its path."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(render_html(report, config, base_url, alerts), encoding="utf-8")
    return p


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _ljust(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _rjust(text: str, width: int) -> str:
    return " " * max(0, width - _width(text)) + text


def text_summary(summary: KpiSummary, title: str) -> str:
    """A plain-text KPI table (target / actual / gap) for the terminal."""
    head = _ljust("指标", 20) + "".join(_rjust(h, 12) for h in ("目标", "实际", "差距"))
    lines = [f"{title}（{summary.n} 通）", head + "  状态"]
    for k in summary.kpis.values():
        status = "无数据" if k.met is None else ("达标" if k.met else "未达标")
        cells = (k.fmt(k.target), k.fmt(k.actual), k.fmt(k.gap, True))
        lines.append(_ljust(k.label, 20) + "".join(_rjust(c, 12) for c in cells) + "  " + status)
    if summary.failed_rules:
        top = "、".join(f"{rc.rule}×{rc.count}" for rc in summary.failed_rules)
        lines.append(f"扣分最多的规则：{top}")
    return "\n".join(lines)
