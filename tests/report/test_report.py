"""HTML report: self-contained, Chinese labels, escaped, evidence excerpts, per-agent table."""

from __future__ import annotations

import json
import re
from pathlib import Path

from triage.engines.local import run_local
from triage.errors import RecordError
from triage.report import render_report, write_report
from triage.summary import RunSummary, summarize_file

TOY = Path(__file__).resolve().parents[1] / "toy_pipeline.yaml"
PHONE = "13807044926"


def _rec(rid: str, agent: str, first: str, customer: str) -> str:
    turns = [
        {"speaker": "agent", "text": first, "start": 0.0, "end": 2.0},
        {"speaker": "customer", "text": customer, "start": 2.5, "end": 6.0},
    ]
    return json.dumps(
        {
            "id": rid,
            "channel": "call",
            "agent": {"id": agent},
            "customer": {"segment": "vip"},
            "turns": turns,
        },
        ensure_ascii=False,
    )


def _summary(tmp_path: Path) -> tuple[RunSummary, Path]:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            [
                _rec("ok-1", "A1023", "您好，工号1023", f"卡被盗刷了，手机{PHONE}"),
                _rec("<script>alert(1)</script>", "A2011", "喂，说", "我要投诉"),
                _rec("bad-3", "A2011", "喂喂喂听得见吗", "挂失"),
                "{broken",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "o.jsonl"
    return run_local([src], TOY, out, tmp_path / "e.jsonl"), out


def test_report_is_self_contained_with_chinese_labels(tmp_path: Path) -> None:
    summary, _ = _summary(tmp_path)
    html = render_report(summary)
    assert html.startswith("<!doctype html>")
    for label in (
        "问题分类",
        "严重程度",
        "分配队列",
        "质检得分分布",
        "最常未通过的质检项",
        "坐席质检情况",
    ):
        assert label in html
    assert "欺诈与盗刷" in html and "紧急" in html and "反欺诈专席" in html
    assert "严重程度 P1" in html and "严重程度 P2" in html  # review reasons in Chinese
    # Nothing fetched from elsewhere: no scripts, no external links, styles inline.
    assert "<script" not in html
    assert not re.search(r"(src|href)\s*=", html)
    assert "http://" not in html and "https://" not in html
    assert "<svg" in html and "<style>" in html


def test_report_escapes_ids_and_shows_redacted_evidence(tmp_path: Path) -> None:
    summary, out = _summary(tmp_path)
    html = render_report(summary)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The toy QA rule C01 failed twice; its evidence excerpt is the agent's opening words.
    rules = summary.top_rules()
    assert rules[0].rule == "C01" and rules[0].failed == 2
    assert "<mark>喂，说</mark>" in html
    assert PHONE not in html and PHONE not in out.read_text(encoding="utf-8")


def test_report_per_agent_table(tmp_path: Path) -> None:
    summary, _ = _summary(tmp_path)
    a = summary.agents
    assert set(a) == {"A1023", "A2011"}
    assert (a["A2011"].records, a["A2011"].mean_score) == (2, 95.0)
    html = render_report(summary)
    row = html[html.index("<td>A2011</td>") :].split("</tr>")[0]
    assert ">2<" in row and "95.0" in row


def test_report_summary_rebuilt_from_files_matches_run(tmp_path: Path) -> None:
    summary, out = _summary(tmp_path)
    again = summarize_file(out, tmp_path / "e.jsonl")
    assert again.to_dict() | {
        "seconds": 0,
        "records_per_second": 0,
        "pipeline": None,
        "version": None,
    } == (
        summary.to_dict()
        | {"seconds": 0, "records_per_second": 0, "pipeline": None, "version": None}
    )


def test_report_empty_run_renders(tmp_path: Path) -> None:
    summary = RunSummary()
    summary.add_error(RecordError("x.jsonl", 1, "E101", "not valid JSON"))
    path = write_report(summary, tmp_path / "sub" / "r.html")
    html = path.read_text(encoding="utf-8")
    assert "非合法 JSON" in html and "无数据" in html
