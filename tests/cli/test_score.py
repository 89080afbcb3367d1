"""``triage score``: exit codes, default paths, summary, progress, report, review store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from triage.cli import main

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
TOY = TESTS / "toy_pipeline.yaml"
CARD = "6222020944822463419"


def _rec(rid: str, text: str = "我的卡被盗刷了") -> str:
    turns = [
        {"speaker": "agent", "text": "您好，工号1023", "start": 0.0, "end": 2.0},
        {"speaker": "customer", "text": f"{text}，卡号{CARD}", "start": 2.5, "end": 6.0},
    ]
    return json.dumps(
        {"id": rid, "channel": "call", "agent": {"id": "A1"}, "turns": turns}, ensure_ascii=False
    )


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text(
        "\n".join([_rec("a"), "{broken", "", _rec("b", "我要投诉")]) + "\n", encoding="utf-8"
    )
    return path


def _cli(*args: str, tty: bool = False, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a subprocess (stderr a pipe unless ``tty``)."""
    env = dict(os.environ, PYTHONPATH=f"{TESTS}{os.pathsep}{REPO}")
    cmd = [sys.executable, "-m", "triage", *args]
    if not tty:
        return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=300)
    import pty

    master, slave = pty.openpty()
    proc = subprocess.run(
        cmd, stdout=subprocess.PIPE, stderr=slave, text=True, env=env, cwd=cwd, timeout=300
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return subprocess.CompletedProcess(
        cmd, proc.returncode, proc.stdout, b"".join(chunks).decode("utf-8", "replace")
    )


def test_score_writes_output_and_default_errors_path(tmp_path: Path, inputs: Path, capsys) -> None:
    out = tmp_path / "res" / "scored.jsonl"
    rc = main(["score", str(inputs), "-o", str(out), "--config", str(TOY)])
    assert rc == 0
    errors = tmp_path / "res" / "scored.errors.jsonl"
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == ["a", "b"]
    (err,) = [json.loads(x) for x in errors.read_text(encoding="utf-8").splitlines()]
    assert err == {"source": str(inputs), "line": 2, "error": "E101", "reason": err["reason"]}
    printed = capsys.readouterr().out
    assert "records scored: 2   errors: 1" in printed
    assert str(out) in printed and str(errors) in printed
    assert "欺诈与盗刷(fraud_report) 1" in printed


def test_score_strict_exits_3_when_a_record_failed(tmp_path: Path, inputs: Path) -> None:
    out = tmp_path / "o.jsonl"
    assert main(["score", str(inputs), "-o", str(out), "--config", str(TOY), "--strict"]) == 3
    good = tmp_path / "good.jsonl"
    good.write_text(_rec("z") + "\n", encoding="utf-8")
    assert main(["score", str(good), "-o", str(out), "--config", str(TOY), "--strict"]) == 0


@pytest.mark.parametrize(
    "args",
    [
        ["score", "missing.jsonl", "-o", "{tmp}/o.jsonl"],
        ["score", "{inp}", "-o", "{tmp}/o.jsonl", "--workers", "0"],
        ["score", "{inp}", "-o", "{tmp}"],
        ["score", "{inp}", "-o", "{inp}"],
        ["score", "{inp}", "-o", "{tmp}/o.jsonl", "--config", "{tmp}/nope.yaml"],
        ["score", "{inp}", "-o", "{tmp}/o.jsonl", "--speaker-map", "0=boss"],
        ["score", "{tmp}/notes.txt", "-o", "{tmp}/o.jsonl"],
    ],
    ids=[
        "missing-input",
        "workers-0",
        "output-is-folder",
        "output-is-input",
        "bad-config",
        "bad-speaker-map",
        "unknown-format",
    ],
)
def test_score_unusable_arguments_exit_2_with_one_line(
    tmp_path: Path, inputs: Path, args: list[str], capsys
) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    argv = [a.format(tmp=tmp_path, inp=inputs) for a in args]
    if "--config" not in argv:
        argv += ["--config", str(TOY)]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("triage: error:") and "\n" not in err
    assert not (tmp_path / "o.jsonl").exists()


def test_score_subprocess_exit_2_for_unreadable_path(tmp_path: Path) -> None:
    proc = _cli(
        "score",
        str(tmp_path / "absent.jsonl"),
        "-o",
        str(tmp_path / "o.jsonl"),
        "--config",
        str(TOY),
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "absent.jsonl" in proc.stderr


def test_score_progress_only_on_a_terminal_summary_always(tmp_path: Path, inputs: Path) -> None:
    args = ("score", str(inputs), "-o", str(tmp_path / "o.jsonl"), "--config", str(TOY))
    piped = _cli(*args)
    assert piped.returncode == 0, piped.stderr
    assert "rec/s" not in piped.stderr and "scoring" not in piped.stderr
    assert "records scored: 2" in piped.stdout
    tty = _cli(*args, tty=True)
    assert tty.returncode == 0
    assert "scoring" in tty.stderr and "rec/s" in tty.stderr and "3/3" in tty.stderr
    assert "records scored: 2" in tty.stdout


def test_score_workers_and_report(tmp_path: Path, inputs: Path) -> None:
    report = tmp_path / "r.html"
    rc = main(
        [
            "score",
            str(inputs),
            "-o",
            str(tmp_path / "o.jsonl"),
            "--config",
            str(TOY),
            "--workers",
            "2",
            "--report",
            str(report),
        ]
    )
    assert rc == 0
    html = report.read_text(encoding="utf-8")
    assert "问题分类" in html and "欺诈与盗刷" in html
    assert CARD not in html


def test_score_db_ingests_into_review_store(tmp_path: Path, inputs: Path, capsys) -> None:
    pytest.importorskip("triage.store.ingest")
    db = tmp_path / "review.db"
    rc = main(
        [
            "score",
            str(inputs),
            "-o",
            str(tmp_path / "o.jsonl"),
            "--config",
            str(TOY),
            "--db",
            f"sqlite:///{db}",
        ]
    )
    assert rc == 0
    assert "review store:   2 records written" in capsys.readouterr().out
    import sqlite3

    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        dump = "\n".join(str(r) for t in tables for r in conn.execute(f'select * from "{t}"'))
    assert CARD not in dump


def test_score_csv_and_asr_inputs_with_speaker_map(tmp_path: Path, samples_dir: Path) -> None:
    out = tmp_path / "o.jsonl"
    rc = main(
        [
            "score",
            str(samples_dir / "centre_export_gbk.csv"),
            str(samples_dir / "asr"),
            "-o",
            str(out),
            "--config",
            str(TOY),
        ]
    )
    assert rc == 0
    ids = [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert ids == [
        "gbk-20261122-0001",
        "gbk-20261122-0002",
        "gbk-20261122-0003",
        "call-20261123-0002",
        "asr-funasr-20261123-0001",
    ]
    rc = main(
        [
            "score",
            str(samples_dir / "asr"),
            "-o",
            str(out),
            "--config",
            str(TOY),
            "--speaker-map",
            "9=agent",
        ]
    )
    assert rc == 0
    errors = [
        json.loads(x)
        for x in (tmp_path / "o.errors.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert {e["error"] for e in errors} == {"E106"} and len(errors) == 2


def test_score_config_with_missing_stage_exits_2_before_writing(
    tmp_path: Path, inputs: Path, capsys
) -> None:
    cfg = tmp_path / "p.yaml"
    cfg.write_text(
        TOY.read_text(encoding="utf-8").replace("toy_stages:ToyQA", "no_such_module_xyz:QAStage"),
        encoding="utf-8",
    )
    for workers in ("1", "2"):
        out = tmp_path / f"o{workers}.jsonl"
        assert (
            main(["score", str(inputs), "-o", str(out), "--config", str(cfg), "--workers", workers])
            == 2
        )
        err = capsys.readouterr().err
        assert "no_such_module_xyz" in err and err.count("\n") == 1
        assert not out.exists()


def test_score_db_problems_are_one_line_exit_2(tmp_path: Path, inputs: Path, capsys) -> None:
    pytest.importorskip("triage.store.ingest")
    out = tmp_path / "o.jsonl"
    assert (
        main(["score", str(inputs), "-o", str(out), "--config", str(TOY), "--db", "bad url ://"])
        == 2
    )
    assert "not a database URL" in capsys.readouterr().err and not out.exists()
    unreachable = f"sqlite:///{inputs}/review.db"  # below a file: cannot be created
    assert (
        main(["score", str(inputs), "-o", str(out), "--config", str(TOY), "--db", unreachable]) == 2
    )
    err = capsys.readouterr().err.strip()
    assert "records not stored" in err and "\n" not in err
    assert out.exists()  # the scored output stays usable
