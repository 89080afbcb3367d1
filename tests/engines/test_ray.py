"""Ray engine: same records and errors as the local engine, merged or sharded, every input kind.

Ray runs locally with 2 CPUs and a temp dir under /tmp, once for the module;
each test runs one small job (Ray start-up dominates on a small machine).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from triage.engines.local import run_local

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
TOY = REPO / "tests" / "toy_pipeline.yaml"
SAMPLES = REPO / "data_samples"
CARD = "6228482702309720075"


@pytest.fixture(scope="module")
def ray_local() -> Iterator[None]:
    ray = pytest.importorskip("ray")
    # Worker processes import the toy stages from tests/ (pytest only puts it on sys.path).
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "tests"), old) if p)
    os.environ.pop("RAY_ADDRESS", None)
    temp = tempfile.mkdtemp(prefix="ray-t8-", dir="/tmp")
    from triage.engines.ray_engine import start_local_ray

    start_local_ray(num_cpus=2, temp_dir=temp)
    try:
        yield
    finally:
        ray.shutdown()
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old


def _record(n: int, text: str = "您好，请问有什么可以帮您？", **extra: object) -> dict:
    turns = [
        {"speaker": "agent", "text": text, "start": 0.0, "end": 2.0},
        {"speaker": "customer", "text": f"第{n}号：卡号{CARD}被盗刷了", "start": 2.5, "end": 6.0},
    ]
    return {"id": f"r{n:04d}", "channel": "call", **extra, "turns": turns}


def _mixed(path: Path, n: int = 40) -> Path:
    lines = []
    for i in range(n):
        lines.append(json.dumps(_record(i, agent={"id": f"A{i % 3}"}), ensure_ascii=False))
        if i % 9 == 2:
            lines.append("{not json")
        if i % 13 == 4:
            lines.append(json.dumps(_record(900 + i, text="BOOM"), ensure_ascii=False))
        if i == 20:
            lines.append(json.dumps(_record(3), ensure_ascii=False))  # duplicate id
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_ray_matches_local_engine_on_data_samples(
    ray_local: None, default_pipeline: object, tmp_path: Path
) -> None:
    """The default pipeline over every sample (JSONL, GBK CSV, ASR JSON): identical lines."""
    from triage.config import load_pipeline_config
    from triage.engines.local import score_items
    from triage.engines.ray_engine import run_ray
    from triage.errors import RecordError
    from triage.io import ReaderOptions, read_inputs

    options = ReaderOptions(limits=load_pipeline_config().limits)
    local = list(score_items(read_inputs([SAMPLES], options), pipeline=default_pipeline))
    want_out = [json.dumps(r, ensure_ascii=False) for r in local if isinstance(r, dict)]
    want_err = [
        json.dumps(r.to_dict(), ensure_ascii=False) for r in local if isinstance(r, RecordError)
    ]
    # One actor: the pipeline set-up is the cost here; two actors are tested below.
    summary = run_ray([SAMPLES], None, tmp_path / "r.jsonl", tmp_path / "r.errors.jsonl", workers=1)
    assert len(want_out) >= 40
    assert _text(tmp_path / "r.jsonl").splitlines() == want_out
    assert _text(tmp_path / "r.errors.jsonl").splitlines() == want_err
    assert (summary.records, summary.errors) == (len(want_out), len(want_err))


def test_ray_shards_keep_order_and_errors_go_to_one_file(ray_local: None, tmp_path: Path) -> None:
    from triage.engines.ray_engine import run_ray, shard_paths

    src = _mixed(tmp_path / "in.jsonl")
    local = run_local([src], TOY, tmp_path / "l.jsonl", tmp_path / "l.errors.jsonl")
    out = tmp_path / "s.jsonl"
    summary = run_ray([src], TOY, out, tmp_path / "s.errors.jsonl", workers=2, shards=3)
    parts = shard_paths(out, 3)
    assert [p.name for p in parts] == [f"s-{i:05d}-of-00003.jsonl" for i in range(3)]
    assert all(_text(p) for p in parts), "every shard holds records"
    assert "".join(_text(p) for p in parts) == _text(tmp_path / "l.jsonl")
    errors = _text(tmp_path / "s.errors.jsonl")
    assert errors == _text(tmp_path / "l.errors.jsonl")
    codes = {json.loads(line)["error"] for line in errors.splitlines()}
    assert {"E101", "E201", "E113"} <= codes
    assert (summary.records, summary.errors) == (local.records, local.errors)


def test_ray_reads_parquet_and_saved_hf_dataset(ray_local: None, tmp_path: Path) -> None:
    """Table inputs give the records the JSONL input gives (nulls added by Arrow dropped)."""
    datasets = pytest.importorskip("datasets")
    import pyarrow as pa
    import pyarrow.parquet as pq

    from triage.engines.ray_engine import run_ray

    recs = [_record(i, agent={"id": f"A{i}"}) if i % 2 else _record(i) for i in range(12)]
    recs[5]["channel"] = "fax"  # invalid: E105 with its row number
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    # A struct array infers the union of the records' keys (from_pylist/from_list take
    # the first record's keys only); absent fields become nulls.
    table = pa.Table.from_struct_array(pa.array(recs))
    pq.write_table(table, tmp_path / "in.parquet")
    datasets.Dataset(table).save_to_disk(str(tmp_path / "in_ds"))

    run_local([jsonl], TOY, tmp_path / "l.jsonl", tmp_path / "l.errors.jsonl")
    run_ray(
        [tmp_path / "in.parquet", tmp_path / "in_ds"],
        TOY,
        tmp_path / "r.jsonl",
        tmp_path / "r.errors.jsonl",
        workers=2,
    )
    want = [json.loads(line) for line in _text(tmp_path / "l.jsonl").splitlines()]
    got = [json.loads(line) for line in _text(tmp_path / "r.jsonl").splitlines()]
    # Equal objects (a table's column order may differ from a JSON record's key order);
    # both table inputs hold the same ids, so the second copy is a duplicate (E113).
    assert got == want
    errors = [json.loads(line) for line in _text(tmp_path / "r.errors.jsonl").splitlines()]
    seen = [(Path(e["source"]).name, e["line"], e["error"]) for e in errors]
    expected = [("in.parquet", 6, "E105")]
    expected += [("in_ds", n, "E105" if n == 6 else "E113") for n in range(1, 13)]
    assert seen == expected


def test_ray_one_input_file_is_split_into_one_block_per_scoring_batch(
    ray_local: None, tmp_path: Path
) -> None:
    """Ray Data merges a task's output into 128 MB blocks unless told otherwise: a whole file
    then went to ONE actor task and every result reached the driver at the end."""
    from triage.config import load_pipeline_config
    from triage.engines.ray_engine import _data_context, _unpack, build_dataset, plan_inputs
    from triage.io import ReaderOptions

    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps(_record(i), ensure_ascii=False) + "\n" for i in range(50)), "utf-8"
    )
    units = plan_inputs([src])
    assert len(units) == 1
    options = ReaderOptions(limits=load_pipeline_config(TOY).limits)
    with _data_context():
        ds = build_dataset(units, str(TOY), options, workers=2, batch_size=8).materialize()
        sizes = [len(rows) for batch in ds.iter_batches(batch_size=None) for rows in _unpack(batch)]
        blocks = ds.num_blocks()
    assert sizes == [8, 8, 8, 8, 8, 8, 2]
    assert blocks == len(sizes)


def test_ray_resume_skips_written_ids_and_appends_the_rest(ray_local: None, tmp_path: Path) -> None:
    from triage.engines.ray_engine import run_ray
    from triage.engines.resume import prepare_resume

    src = _mixed(tmp_path / "in.jsonl")
    full = run_ray([src], TOY, tmp_path / "f.jsonl", tmp_path / "f.errors.jsonl", workers=2)
    want_out, want_err = _text(tmp_path / "f.jsonl"), _text(tmp_path / "f.errors.jsonl")
    # A run cut after 15 records and 2 errors, the last line half written.
    out, err = tmp_path / "o.jsonl", tmp_path / "o.errors.jsonl"
    out.write_text("".join(want_out.splitlines(keepends=True)[:15]) + '{"id": "r00', "utf-8")
    err.write_text("".join(want_err.splitlines(keepends=True)[:2]), "utf-8")
    state = prepare_resume(out, err)
    assert state is not None
    summary = run_ray([src], TOY, out, err, workers=2, batch_size=4, skip_ids=state, append=True)
    assert _text(out) == want_out
    assert _text(err) == want_err
    assert summary.skipped == 17
    assert summary.records + summary.errors + summary.skipped == full.records + full.errors
