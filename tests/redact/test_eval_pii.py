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
            "--n-name-lists",
            "5",
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
    lists = res["name_lists"]["per"]
    assert set(lists) == {"dunhao", "comma", "run"}
    assert sum(c["full"] for c in lists.values()) >= 0.9 * sum(c["names"] for c in lists.values())
    msra = next(c for name, c in res["corpora"].items() if name.startswith("MSRA"))
    if "skipped" not in msra:
        assert msra["person_full"] / msra["person"] >= 0.9


def test_eval_pii_generated_name_lists_spans_are_the_names() -> None:
    sys.path.insert(0, str(REPO))
    try:
        from eval.pii.gen_names import generate_name_lists
        from triage.redact.recognizers.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES
    finally:
        sys.path.remove(str(REPO))
    cases = generate_name_lists(n_per_form=5, seed=3)
    assert cases == generate_name_lists(n_per_form=5, seed=3)  # seeded
    assert {c.form for c in cases} == {"dunhao", "comma", "run"}
    for case in cases:
        names = [case.text[s:e] for s, e in case.names]
        assert len(names) == 12
        assert all(n[:2] in COMPOUND_SURNAMES or n[0] in SINGLE_SURNAMES for n in names)
        assert all(2 <= len(n) <= 4 and "、" not in n and "，" not in n for n in names)
        if case.form == "dunhao":
            assert all(case.text[e] == "、" for _, e in case.names[:-1])
