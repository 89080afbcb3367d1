"""Work-order closure import (CSV, UTF-8 and GBK) and its effect on the complaint KPI."""

from __future__ import annotations

import json

import pytest

from triage.errors import UsageError
from triage.kpi.closures import import_closures, parse_closures


def test_closures_parse_reports_bad_rows_without_content(tmp_path):
    f = tmp_path / "closures.csv"
    f.write_text(
        "id,closed_at\nR1,2026-11-10T10:00:00+08:00\n,2026-11-11\nR3,下周二\nR4,2026-11-13 09:30\n",
        encoding="utf-8",
    )
    result = parse_closures(f)
    assert [rid for rid, _ in result.rows] == ["R1", "R4"]
    assert result.rows[1][1].isoformat() == "2026-11-13T09:30:00+08:00"  # naive = CST
    errs = [e.to_dict() for e in result.errors]
    assert [(e["line"], e.get("id")) for e in errs] == [(3, None), (4, "R3")]
    assert "下周二" not in json.dumps(errs, ensure_ascii=False)


def test_closures_parse_gbk_and_alternative_headers(tmp_path):
    f = tmp_path / "gbk.csv"
    f.write_bytes("interaction_id,close_time,备注\nR1,2026-11-10T10:00:00,已办结\n".encode("gbk"))
    result = parse_closures(f)
    assert [rid for rid, _ in result.rows] == ["R1"]


def test_closures_parse_refuses_file_without_columns(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("工单号,时间\n1,2\n", encoding="utf-8")
    with pytest.raises(UsageError, match="header"):
        parse_closures(f)


def test_closures_import_upserts(tmp_path):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    f = tmp_path / "c.csv"
    f.write_text("id,closed_at\nX1,2026-11-10T10:00:00+08:00\n", encoding="utf-8")
    r = import_closures(f, db)
    assert (r.inserted, r.updated, r.unknown) == (1, 0, 1)
    r = import_closures(f, db)
    assert (r.inserted, r.updated) == (0, 1)
