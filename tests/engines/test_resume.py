"""Resume: a run killed half-way with a real signal, resumed, loses and duplicates nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from triage.engines.resume import ResumeState, load_resume_state, prepare_resume, repair_jsonl

REPO = Path(__file__).resolve().parents[2]
TOY = REPO / "tests" / "toy_pipeline.yaml"
CARD = "6228482702309720075"


def _record(n: int, text: str = "您好，请问有什么可以帮您？") -> str:
    turns = [
        {"speaker": "agent", "text": text, "start": 0.0, "end": 2.0},
        {"speaker": "customer", "text": f"第{n}号：卡号{CARD}被盗刷了", "start": 2.5, "end": 6.0},
    ]
    return json.dumps(
        {"id": f"r{n:06d}", "channel": "call", "agent": {"id": f"A{n % 7}"}, "turns": turns},
        ensure_ascii=False,
    )


def _input(path: Path, n: int) -> int:
    """n records with invalid lines, stage failures and duplicate ids mixed in."""
    lines = []
    for i in range(n):
        lines.append(_record(i))
        if i % 97 == 5:
            lines.append("{not json")
        if i % 101 == 7:
            lines.append(_record(500_000 + i, text="BOOM"))  # the toy intent stage raises
        if i % 211 == 3:
            lines.append(_record(i))  # duplicate id -> E113
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _score(src: Path, out: Path, *extra: str, workers: int = 1) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "tests"))
    cmd = [sys.executable, "-m", "triage", "score", str(src), "-o", str(out)]
    cmd += ["--config", str(TOY), "--no-progress", "--workers", str(workers), *extra]
    return subprocess.Popen(
        cmd,
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill reaches worker processes too
    )


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_resume_repair_truncates_partial_last_line(tmp_path: Path) -> None:
    f = tmp_path / "o.jsonl"
    f.write_bytes(b'{"id": "a"}\n{"id": "b"}\n{"id": "c", "tu')
    assert repair_jsonl(f) == len(b'{"id": "c", "tu')
    assert f.read_bytes() == b'{"id": "a"}\n{"id": "b"}\n'
    assert repair_jsonl(f) == 0  # complete file untouched
    g = tmp_path / "g.jsonl"
    g.write_bytes('{"id": "半'.encode())  # no newline at all: nothing complete
    assert repair_jsonl(g) > 0 and g.read_bytes() == b""
    assert repair_jsonl(tmp_path / "absent.jsonl") == 0


def test_resume_state_skips_ids_and_reader_errors(tmp_path: Path) -> None:
    out, err = tmp_path / "o.jsonl", tmp_path / "o.errors.jsonl"
    out.write_text('{"id": "r1"}\n{"id": "r2"}\n{"id": "r3"', encoding="utf-8")
    err.write_text(
        '{"source": "in.jsonl", "line": 4, "error": "E101", "reason": "not valid JSON"}\n'
        '{"source": "in.jsonl", "line": 5, "id": "r9", "error": "E201", "reason": "x", '
        '"stage": "intent"}\n',
        encoding="utf-8",
    )
    state = prepare_resume(out, err)
    assert isinstance(state, ResumeState)
    assert "r1" in state and "r2" in state and "r9" in state
    assert "r3" not in state  # its line was cut: it is scored again
    assert ("in.jsonl", 4) in state and ("in.jsonl", 5) not in state
    assert prepare_resume(tmp_path / "x.jsonl", tmp_path / "x.errors.jsonl") is None


def test_resume_refuses_a_corrupt_middle_line(tmp_path: Path) -> None:
    from triage.errors import UsageError

    out = tmp_path / "o.jsonl"
    out.write_text('{"id": "r1"}\n{garbage\n{"id": "r2"}\n', encoding="utf-8")
    with pytest.raises(UsageError, match="line 2"):
        load_resume_state(out, tmp_path / "none.jsonl")


@pytest.mark.parametrize("workers", [1, 2])
def test_resume_after_sigkill_matches_an_uninterrupted_run(tmp_path: Path, workers: int) -> None:
    src = tmp_path / "in.jsonl"
    total = _input(src, 6000)

    full = tmp_path / "full.jsonl"
    assert _score(src, full).wait(timeout=300) == 0

    out = tmp_path / "killed.jsonl"
    proc = _score(src, out, workers=workers)
    deadline = time.monotonic() + 300
    # Kill once a good part of the output is on disk but well before the end.
    while not (out.exists() and out.stat().st_size > full.stat().st_size // 4):
        assert proc.poll() is None, "the run finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    written = out.stat().st_size
    assert 0 < written < full.stat().st_size

    resumed = _score(src, out, "--resume", workers=workers)
    assert resumed.wait(timeout=300) == 0

    out_lines = _lines(out)
    err_lines = _lines(tmp_path / "killed.errors.jsonl")
    records = [json.loads(line) for line in out_lines]  # every line is valid JSON
    errors = [json.loads(line) for line in err_lines]
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), "a record was written twice"
    assert len(records) + len(errors) == total, "a record was lost or duplicated"
    # Same content and order as the run that was never interrupted.
    assert out_lines == _lines(full)
    assert err_lines == _lines(tmp_path / "full.errors.jsonl")
