"""Small, slow run of the PII evaluation (the full report: ``python -m eval.pii.run``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_eval_pii_generated_set_no_leak_no_false_positive(
    tmp_path: Path, shared_datasets: Path
) -> None:
    sys.path.insert(0, str(REPO))
    try:
        from eval.pii.run import main
    finally:
        sys.path.remove(str(REPO))
    import json

    out, raw = tmp_path / "REPORT.md", tmp_path / "r.json"
    code = main(
        [
            "--data-dir",
            str(shared_datasets),
            "--limit",
            "40",
            "--n-per-form",
            "3",
            "--n-negative",
            "60",
            "--no-speed",
            "--out",
            str(out),
            "--json",
            str(raw),
        ]
    )
    assert code == 0 and out.exists()
    res = json.loads(raw.read_text(encoding="utf-8"))
    per = res["generated"]["per"]
    assert per and all(c["caught"] == c["n"] for c in per.values()), "a structured value leaked"
    assert res["generated"]["negatives"].get("fp", 0) == 0
    msra = next(c for name, c in res["corpora"].items() if name.startswith("MSRA"))
    if "skipped" not in msra:
        assert msra["person_full"] / msra["person"] >= 0.9
