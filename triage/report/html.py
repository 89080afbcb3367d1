"""Renders the run report with Jinja2 (autoescaped) and inline SVG bar charts."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from triage import __version__
from triage.errors import Code
from triage.schema import INTENT_ZH, INTENTS, QUEUE_ZH, QUEUES, SEVERITIES, SEVERITY_ZH
from triage.summary import SCORE_BUCKETS, RunSummary

ERROR_ZH: dict[str, str] = {
    Code.INVALID_JSON: "非合法 JSON",
    Code.NOT_AN_OBJECT: "不是 JSON 对象",
    Code.MISSING_ID: "缺少 id",
    Code.MISSING_TURNS: "缺少 turns",
    Code.BAD_CHANNEL: "渠道无效",
    Code.BAD_SPEAKER: "说话人未知",
    Code.BAD_TURN: "对话轮格式错误",
    Code.EMPTY_INTERACTION: "空会话",
    Code.TOO_LARGE: "超出长度限制",
    Code.UNDECODABLE: "无法解码",
    Code.BAD_ROW: "CSV 行格式错误",
    Code.BAD_FORMAT: "未知文档格式",
    Code.DUPLICATE_ID: "重复 id",
    Code.STAGE_FAILED: "处理阶段失败",
    Code.REDACTION_FAILED: "脱敏失败（未输出）",
}
SPEAKER_ZH = {"agent": "坐席", "customer": "客户", "system": "系统"}
SEGMENT_ZH = {"retail": "零售", "vip": "贵宾", "elderly": "老年", "corporate": "对公"}
CHANNEL_ZH = {"call": "电话", "chat": "在线"}
FLAG_ZH = {
    "red_line": "触犯红线",
    "qa": "质检",
    "severity": "严重程度",
    "intent": "问题分类",
    "sample": "抽样",
}
FLAG_DETAIL_ZH = {
    "below_pass_mark": "低于及格线",
    "low_confidence": "模型置信度低",
    "close_call": "前两类接近",
    "calibration": "校准抽样",
}


def flag_label(reason: str) -> str:
    """Chinese label of a review-flag reason such as ``severity:P1`` or ``red_line:C06``."""
    head, _, detail = reason.partition(":")
    zh = FLAG_ZH.get(head, head)
    if not detail:
        return zh
    return f"{zh} {FLAG_DETAIL_ZH.get(detail, detail)}"


def _bars(
    counts: Mapping[str, int], order: Iterable[str], names: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Rows for a horizontal bar chart: label, count, share and bar width (percent)."""
    keys = [k for k in order if counts.get(k)] + sorted(k for k in counts if k not in set(order))
    total = sum(counts.values()) or 1
    peak = max(counts.values(), default=0) or 1
    return [
        {
            "key": k,
            "label": names.get(k, k),
            "count": counts[k],
            "share": counts[k] / total,
            "width": round(100 * counts[k] / peak, 1),
        }
        for k in keys
        if counts.get(k)
    ]


def _histogram(summary: RunSummary) -> list[dict[str, Any]]:
    peak = max(summary.score_histogram.values(), default=0) or 1
    rows = []
    for lo in SCORE_BUCKETS:
        label = "100" if lo == 100 else f"{lo}-{lo + 9}"
        n = summary.score_histogram.get(lo, 0)
        rows.append({"label": label, "count": n, "height": round(100 * n / peak, 1), "lo": lo})
    return rows


def render_report(summary: RunSummary, title: str = "质检与分流报告") -> str:
    """The report as one HTML string."""
    env = Environment(
        loader=PackageLoader("triage.report", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("report.html")
    data = summary.to_dict()
    return template.render(
        title=title,
        s=summary,
        data=data,
        generated=_dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        version=__version__,
        intents=_bars(summary.intents, INTENTS, INTENT_ZH),
        severities=_bars(summary.severities, SEVERITIES, SEVERITY_ZH),
        queues=_bars(summary.queues, QUEUES, QUEUE_ZH),
        channels=_bars(summary.channels, ("call", "chat"), CHANNEL_ZH),
        segments=_bars(summary.segments, tuple(SEGMENT_ZH), SEGMENT_ZH),
        pii=_bars(summary.pii_types, (), {}),
        errors=_bars(summary.error_codes, tuple(ERROR_ZH), ERROR_ZH),
        flag_reasons=_bars(
            summary.flag_reasons, (), {k: flag_label(k) for k in summary.flag_reasons}
        ),
        histogram=_histogram(summary),
        rules=summary.top_rules(10),
        agents=sorted(summary.agents.values(), key=lambda a: (a.mean_score, a.agent)),
        dimensions=data["qa"]["dimensions"],
        speaker_zh=SPEAKER_ZH,
    )


def write_report(summary: RunSummary, path: str | Path) -> Path:
    """Write the report to ``path`` (folders created); returns the path."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(render_report(summary), encoding="utf-8")
    return p
