"""Inline SVG charts: escaped labels, gaps for missing values, empty data."""

from __future__ import annotations

import xml.dom.minidom

from triage.kpi.svg import hbar_chart, line_chart, stacked_columns


def _parse(svg: str):
    return xml.dom.minidom.parseString(svg)  # well-formed XML or raises


def test_svg_hbar_escapes_and_scales():
    svg = hbar_chart([("C07 <致歉>", 10), ("C10 & 结束", 5)], "扣分 <规则>")
    doc = _parse(svg)
    widths = [float(r.getAttribute("width")) for r in doc.getElementsByTagName("rect")]
    assert widths[0] == 2 * widths[1]
    assert "&lt;致歉&gt;" in svg and "<致歉>" not in svg


def test_svg_line_breaks_at_missing_values_and_draws_target():
    svg = line_chart([("08", 80.0), ("09", None), ("10", 90.0), ("11", 95.0)], "趋势", target=85)
    doc = _parse(svg)
    assert len(doc.getElementsByTagName("circle")) == 3
    assert len(doc.getElementsByTagName("polyline")) == 1  # only 10-11 are connected
    assert "目标 85" in svg


def test_svg_percent_labels_and_empty_charts():
    assert "95%" in line_chart([("11", 0.95)], "合格率", percent=True)
    assert "无数据" in hbar_chart([], "空")
    doc = _parse(stacked_columns([], {"a": "甲"}, "空"))
    assert doc.getElementsByTagName("svg")
    svg = stacked_columns([("2026-11-20", {"a": 3, "b": 1})], {"a": "甲", "b": "乙"}, "分布")
    heights = sorted(
        float(r.getAttribute("height"))
        for r in _parse(svg).getElementsByTagName("rect")
        if r.getElementsByTagName("title")
    )
    assert heights[1] == 3 * heights[0]
