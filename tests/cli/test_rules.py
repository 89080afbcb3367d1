"""``triage rules list`` / ``triage rules test``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from triage.cli import main

RULES = Path(__file__).resolve().parents[2] / "pipelines" / "qa_rules"


def test_rules_list_shows_every_rule(capsys):
    assert main(["rules", "list"]) == 0
    out = capsys.readouterr().out
    assert all(f"C{i:02d}" in out for i in range(1, 14)) and "业务合规" in out


def test_rules_test_passes_on_shipped_pack(capsys):
    assert main(["rules", "test", "-q"]) == 0
    assert "0 mismatches" in capsys.readouterr().out


def test_rules_test_prints_evidence_for_one_file(capsys):
    assert main(["rules", "test", str(RULES / "C04.yaml")]) == 0
    out = capsys.readouterr().out
    assert "C04" in out and "「稳赚不赔」" in out and "C05" not in out


def test_rules_test_exits_nonzero_on_mismatch(tmp_path, capsys):
    shutil.copy(RULES / "C04.yaml", tmp_path / "C04.yaml")
    case = {
        "name": "wrongly labelled",
        "expect": "no_fire",
        "turns": [{"speaker": "agent", "text": "这款稳赚不赔。"}],
    }
    (tmp_path / "C04.cases.jsonl").write_text(
        json.dumps(case, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    assert main(["rules", "test", str(tmp_path / "C04.yaml")]) == 1
    assert "FAIL" in capsys.readouterr().out


def test_rules_test_missing_cases_file_is_a_mismatch(tmp_path):
    shutil.copy(RULES / "C01.yaml", tmp_path / "C01.yaml")
    assert main(["rules", "test", str(tmp_path / "C01.yaml")]) == 1


def test_rules_test_bad_rule_file_exits_2(tmp_path, capsys):
    (tmp_path / "C01.yaml").write_text("id: C01\nname: x\n", encoding="utf-8")
    assert main(["rules", "test", str(tmp_path / "C01.yaml")]) == 2
    assert "C01.yaml: rule C01" in capsys.readouterr().err


def test_rules_test_runs_rules_on_a_redacted_transcript(tmp_path, capsys, monkeypatch):
    tests_dir = Path(__file__).resolve().parents[1]
    monkeypatch.syspath_prepend(str(tests_dir))
    rec = {
        "id": "t1",
        "channel": "call",
        "turns": [
            {"speaker": "agent", "text": "您好，XX银行，工号1023。", "start": 0, "end": 2},
            {"speaker": "customer", "text": "帮我确认卡号。", "start": 2.5, "end": 4},
            {
                "speaker": "agent",
                "text": "您的卡号是6222020200112233445对吧？",
                "start": 4.5,
                "end": 8,
            },
        ],
    }
    src = tmp_path / "t.jsonl"
    src.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    code = main(
        [
            "rules",
            "test",
            str(RULES / "C06.yaml"),
            "--transcript",
            str(src),
            "--config",
            str(tests_dir / "toy_pipeline.yaml"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "t1 C06 fire" in out and "<NUM>" in out
    assert "6222020200112233445" not in out  # only redacted text is shown
