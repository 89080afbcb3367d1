"""Local engine: order and count, worker processes, failure isolation, bounded streaming."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from triage.engines.local import run_local, score_items
from triage.errors import Code, RecordError
from triage.io import ReaderOptions
from triage.schema import Interaction, Turn
from triage.stage import Doc

TOY = Path(__file__).resolve().parents[1] / "toy_pipeline.yaml"
CARD = "6228482702309720075"


def _rec(n: int, text: str = "您好，请问有什么可以帮您？") -> str:
    turns = [
        {"speaker": "agent", "text": text, "start": 0.0, "end": 2.0},
        {
            "speaker": "customer",
            "text": f"第{n}号客户：卡号{CARD}被盗刷了",
            "start": 2.5,
            "end": 6.0,
        },
    ]
    return json.dumps(
        {"id": f"r{n:04d}", "channel": "call", "agent": {"id": f"A{n % 3}"}, "turns": turns},
        ensure_ascii=False,
    )


def _mixed_input(path: Path, n: int = 23) -> tuple[Path, int]:
    """n good records with bad lines, blank lines and failing records mixed in."""
    lines = []
    for i in range(n):
        lines.append(_rec(i))
        if i % 5 == 1:
            lines.append("{not json")
        if i % 7 == 3:
            lines.append("")
        if i == 9:
            lines.append(_rec(900, text="BOOM"))  # toy intent stage raises
        if i == 12:
            lines.append(_rec(901, text="FAILREDACT 卡号" + CARD))  # toy redaction fails
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, sum(1 for line in lines if line.strip())


def _read_jsonl(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def test_local_outputs_plus_errors_equal_nonblank_lines_in_order(tmp_path: Path) -> None:
    src, nonblank = _mixed_input(tmp_path / "in.jsonl")
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    summary = run_local([src], TOY, out, err)
    outputs, errors = _read_jsonl(out), _read_jsonl(err)
    assert len(outputs) + len(errors) == nonblank
    assert (summary.records, summary.errors) == (len(outputs), len(errors))
    assert [o["id"] for o in outputs] == sorted(o["id"] for o in outputs)  # input order
    assert [e["line"] for e in errors] == sorted(e["line"] for e in errors)
    codes = {e["error"] for e in errors}
    assert codes == {Code.INVALID_JSON, Code.STAGE_FAILED, Code.REDACTION_FAILED}
    failed = {e["id"]: e for e in errors if "id" in e}
    assert (
        failed["r0900"]["stage"] == "intent" and failed["r0901"]["error"] == Code.REDACTION_FAILED
    )
    # Fail closed and redacted: no card number anywhere in what was written.
    assert CARD not in out.read_text(encoding="utf-8") + err.read_text(encoding="utf-8")
    assert all(o["model"] == {"pipeline": "toy", "version": "test"} for o in outputs)


def test_local_two_workers_write_the_same_files_as_one(tmp_path: Path) -> None:
    src, _ = _mixed_input(tmp_path / "in.jsonl", n=41)
    run_local([src], TOY, tmp_path / "o1.jsonl", tmp_path / "e1.jsonl", workers=1)
    summary = run_local(
        [src], TOY, tmp_path / "o2.jsonl", tmp_path / "e2.jsonl", workers=2, batch_size=3
    )
    assert summary.workers == 2
    assert (tmp_path / "o1.jsonl").read_bytes() == (tmp_path / "o2.jsonl").read_bytes()
    assert (tmp_path / "e1.jsonl").read_bytes() == (tmp_path / "e2.jsonl").read_bytes()


def test_local_skip_ids_and_append(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(_rec(i) for i in range(6)) + "\n", encoding="utf-8")
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    run_local([src], TOY, out, err)
    first = _read_jsonl(out)
    out.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in first[:2]), encoding="utf-8"
    )
    summary = run_local([src], TOY, out, err, skip_ids={"r0000", "r0001"}, append=True)
    assert summary.skipped == 2 and summary.records == 4
    assert _read_jsonl(out) == first


def test_local_progress_called_once_per_record(tmp_path: Path) -> None:
    src, nonblank = _mixed_input(tmp_path / "in.jsonl", n=10)
    ticks: list[int] = []
    run_local([src], TOY, tmp_path / "o.jsonl", tmp_path / "e.jsonl", progress=ticks.append)
    assert sum(ticks) == nonblank


def _docs(n: int, counter: list[int]) -> Iterator[Doc | RecordError]:
    for i in range(n):
        counter[0] += 1
        if i % 10 == 9:
            yield RecordError("mem", i + 1, Code.INVALID_JSON, "not valid JSON")
            continue
        inter = Interaction(f"d{i}", "chat", (Turn("agent", "您好"), Turn("customer", "挂失")))
        yield Doc(inter, "mem", i + 1)


@pytest.mark.parametrize("workers", [1, 2])
def test_local_streams_with_bounded_lookahead(workers: int) -> None:
    consumed = [0]
    batch = 5
    # At most 2*workers+1 chunks are read ahead (a chunk holds <= batch docs and <= 4*batch items).
    bound = (2 * workers + 2) * batch * 4
    seen = 0
    for result in score_items(_docs(400, consumed), TOY, workers=workers, batch_size=batch):
        seen += 1
        assert consumed[0] - seen <= bound
        if isinstance(result, dict):
            assert result["intent"]["label"] == "card_service"
    assert seen == 400


def test_local_reader_limits_come_from_config(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        _rec(1, text="好" * 600) + "\n", encoding="utf-8"
    )  # toy config: max_turn_chars 500
    summary = run_local([src], TOY, tmp_path / "o.jsonl", tmp_path / "e.jsonl")
    assert summary.error_codes == {Code.TOO_LARGE: 1}
    summary = run_local(
        [src],
        TOY,
        tmp_path / "o.jsonl",
        tmp_path / "e.jsonl",
        reader=ReaderOptions(limits={"max_turn_chars": 1000, "max_chars": 5000}),
    )
    assert summary.records == 1


@pytest.mark.parametrize("workers", [1, 2])
def test_local_setup_failure_is_a_config_error_before_output(tmp_path: Path, workers: int) -> None:
    from triage.errors import ConfigError

    cfg = tmp_path / "p.yaml"
    cfg.write_text(
        TOY.read_text(encoding="utf-8").replace("toy_stages:ToyQA", "toy_stages:ToySetupFails")
    )
    src = tmp_path / "in.jsonl"
    src.write_text(_rec(1) + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    with pytest.raises(ConfigError):
        run_local([src], cfg, out, tmp_path / "e.jsonl", workers=workers)
    if workers == 1:
        assert not out.exists()
