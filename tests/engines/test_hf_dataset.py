"""score_dataset: Hugging Face datasets through Dataset.map(batched=True), same records as local."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from triage.engines.local import run_local

datasets = pytest.importorskip("datasets")

from triage.engines.hf_dataset import COLUMNS, records, score_dataset  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
TOY = REPO / "tests" / "toy_pipeline.yaml"
SAMPLES = REPO / "data_samples"
CARD = "6228482702309720075"


def _record(n: int, text: str = "您好，请问有什么可以帮您？", **extra: object) -> dict:
    turns = [
        {"speaker": "agent", "text": text, "start": 0.0, "end": 2.0},
        {"speaker": "customer", "text": f"第{n}号：卡号{CARD}被盗刷了", "start": 2.5},
    ]
    return {"id": f"r{n:04d}", "channel": "call", **extra, "turns": turns}


def _dataset(recs: list[dict]) -> datasets.Dataset:
    """A dataset whose columns are the union of the records' keys (absent fields: null)."""
    import pyarrow as pa

    return datasets.Dataset(pa.Table.from_struct_array(pa.array(recs)))


def _jsonl(path: Path, recs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    return path


def test_hf_dataset_gives_the_local_engine_records_and_row_errors(tmp_path: Path) -> None:
    recs = [_record(i, agent={"id": f"A{i}"}) if i % 3 else _record(i) for i in range(10)]
    recs.insert(4, _record(77, text="BOOM"))  # the toy intent stage raises on it
    recs[7]["channel"] = "fax"  # invalid record
    src = _jsonl(tmp_path / "in.jsonl", recs)
    run_local([src], TOY, tmp_path / "l.jsonl", tmp_path / "l.errors.jsonl")

    scored = score_dataset(_dataset(recs), TOY, batch_size=3)
    assert scored.column_names == list(COLUMNS)
    assert scored.num_rows == len(recs)
    want = [json.loads(line) for line in (tmp_path / "l.jsonl").read_text("utf-8").splitlines()]
    assert records(scored) == want  # Arrow's added nulls (agent, end) are not carried through
    assert CARD not in "".join(r for r in scored["record"] if r)  # redacted text only

    bad = [row for row in scored if not row["ok"]]
    assert [(json.loads(r["error"])["line"], json.loads(r["error"])["error"]) for r in bad] == [
        (5, "E201"),
        (8, "E105"),
    ]
    assert all(r["intent"] is None and r["record"] is None for r in bad)
    good = next(row for row in scored if row["ok"])
    assert good["queue"] == json.loads(good["record"])["route"]["queue"]
    assert isinstance(good["flagged"], bool) and isinstance(good["qa_score"], int)


def test_hf_dataset_two_processes_same_result(tmp_path: Path) -> None:
    ds = _dataset([_record(i) for i in range(8)])
    one = score_dataset(ds, TOY, batch_size=2)
    two = score_dataset(ds, TOY, batch_size=2, num_proc=2)
    assert one["record"] == two["record"]


@pytest.mark.slow
def test_hf_dataset_default_pipeline_on_sample_calls(tmp_path: Path) -> None:
    calls = SAMPLES / "calls.jsonl"
    run_local([calls], None, tmp_path / "l.jsonl", tmp_path / "l.errors.jsonl")
    want = [json.loads(line) for line in (tmp_path / "l.jsonl").read_text("utf-8").splitlines()]
    rows = [json.loads(line) for line in calls.read_text("utf-8").splitlines() if line.strip()]
    scored = score_dataset(_dataset(rows))
    assert records(scored) == want
