"""``triage kpi report|alerts|import`` end to end on files and a store."""

from __future__ import annotations

import importlib.util
import json
from datetime import datetime, timedelta
from pathlib import Path

from triage.cli import main
from triage.kpi.records import CST

_spec = importlib.util.spec_from_file_location(
    "kpi_dataset", Path(__file__).resolve().parents[1] / "kpi" / "dataset.py"
)
_dataset = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_dataset)


def _write(path: Path, records) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def _stream_with_wave(tmp_path: Path) -> Path:
    """4 days: each hour 5 card-service chats and one fraud report; then a fraud wave."""
    start = datetime(2026, 11, 16, tzinfo=CST)
    recs = []
    n = 0

    def add(at, intent):
        nonlocal n
        n += 1
        recs.append(
            {
                "id": f"s{n}",
                "channel": "chat",
                "started_at": at.isoformat(),
                "turns": [
                    {"speaker": "customer", "text": f"<{intent}> 卡号<BANK_CARD>", "start": 0}
                ],
                "intent": {"label": intent},
                "severity": {"level": "P1" if intent == "fraud_report" else "P3"},
                "route": {
                    "queue": "fraud_hotline" if intent == "fraud_report" else "card_services"
                },
            }
        )

    for h in range(4 * 24):
        at = start + timedelta(hours=h, minutes=10)
        for _ in range(5):
            add(at, "card_service")
        add(at, "fraud_report")
    wave = start + timedelta(days=4, hours=10)
    for i in range(15):
        add(wave + timedelta(minutes=3 * i), "fraud_report")
    for _ in range(5):
        add(wave, "card_service")
    return _write(tmp_path / "stream.jsonl", recs)


def test_kpi_cli_report_writes_html_and_csv(tmp_path, capsys):
    scored = _write(tmp_path / "scored.jsonl", _dataset.raw_records())
    html, csv_path = tmp_path / "r.html", tmp_path / "r.csv"
    rc = main(
        [
            "kpi",
            "report",
            "--period",
            "2026-11",
            "--input",
            str(scored),
            "-o",
            str(html),
            "--csv",
            str(csv_path),
        ]
    )
    out = capsys.readouterr().out
    assert rc == 0
    # no reviews in a file: R5 keeps its automatic 95 -> (90+70+60+100+95)/5 = 83.0
    assert "质检平均分" in out and "83.0" in out and "坐席 3 人" in out
    assert html.read_text(encoding="utf-8").count("<svg") > 5
    assert csv_path.read_text(encoding="utf-8-sig").splitlines()[1].startswith("2026-11,T1,A1,1")


def test_kpi_cli_report_team_and_agent_filters(tmp_path, capsys):
    scored = _write(tmp_path / "scored.jsonl", _dataset.raw_records())
    assert (
        main(["kpi", "report", "--period", "2026-11", "--input", str(scored), "--team", "T2"]) == 0
    )
    out = capsys.readouterr().out
    assert "坐席 1 人" in out and "B1" in out and "A1 " not in out
    assert (
        main(["kpi", "report", "--period", "2026-11", "--input", str(scored), "--agent", "A2"]) == 0
    )
    assert "坐席 1 人" in capsys.readouterr().out


def test_kpi_cli_report_refuses_bad_period(tmp_path, capsys):
    assert main(["kpi", "report", "--period", "11/2026", "--input", "x.jsonl"]) == 2
    assert "YYYY-MM" in capsys.readouterr().err


def test_kpi_cli_alerts_finds_the_wave_and_only_it(tmp_path, capsys):
    stream = _stream_with_wave(tmp_path)
    prom = tmp_path / "surge.prom"
    rc = main(
        [
            "kpi",
            "alerts",
            "--input",
            str(stream),
            "--since",
            "2026-11-19T00:00",
            "--json",
            "--metrics-file",
            str(prom),
        ]
    )
    assert rc == 0
    alerts = json.loads(capsys.readouterr().out)
    got = {(a["dimension"], a["label"]) for a in alerts}
    assert got == {("intent", "fraud_report"), ("severity", "P1"), ("queue", "fraud_hotline")}
    a = next(x for x in alerts if x["dimension"] == "intent")
    assert a["since"].startswith("2026-11-20T10:00")
    assert a["observed"] >= 15 and a["ratio"] > 5
    assert all("<BANK_CARD>" in e["text"] for e in a["examples"])
    text = prom.read_text()
    assert 'triage_surge_active{dimension="intent",label="fraud_report"} 1.0' in text
    assert 'triage_surge_alerts_total{dimension="severity"} 1.0' in text


def test_kpi_cli_alerts_text_when_nothing(tmp_path, capsys):
    stream = _stream_with_wave(tmp_path)
    rc = main(
        [
            "kpi",
            "alerts",
            "--input",
            str(stream),
            "--since",
            "2026-11-19T00:00",
            "--until",
            "2026-11-20T08:00",
        ]
    )
    assert rc == 0
    assert "未发现异常激增" in capsys.readouterr().out


def test_kpi_cli_import_then_report_from_store(tmp_path, capsys):
    from triage.store.ingest import ingest_records

    db = f"sqlite:///{tmp_path / 's.db'}"
    records = _dataset.raw_records()
    for r in records:
        r.pop("closed_at", None)
    ingest_records(db, records)
    closures = tmp_path / "closures.csv"
    closures.write_text("id,closed_at\nR1,2026-11-10T10:00:00+08:00\nR3,bad\n", encoding="utf-8")
    assert main(["kpi", "import", str(closures), "--db", db]) == 0
    captured = capsys.readouterr()
    assert "1 new" in captured.out and "1 rejected" in captured.out
    assert '"line": 3' in captured.err and "bad" not in captured.err.replace("E111", "")
    assert main(["kpi", "report", "--period", "2026-11", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "投诉按时办结率" in out
