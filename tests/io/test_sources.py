"""Input discovery: folders, unknown formats, missing paths (exit-2 errors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.errors import UsageError
from triage.io import detect_format, expand_inputs


def test_sources_folder_expands_to_supported_files_sorted(samples_dir: Path) -> None:
    files = expand_inputs([samples_dir])
    assert files == sorted(files)
    assert {detect_format(f) for f in files} == {"jsonl", "csv", "json"}
    assert not any(f.suffix == ".md" for f in files)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.jsonl", "jsonl"),
        ("a.NDJSON", "jsonl"),
        ("a.jsonl.gz", "jsonl"),
        ("a.csv", "csv"),
        ("a.json", "json"),
        ("a.txt", None),
    ],
)
def test_sources_detect_format(name: str, fmt: str | None) -> None:
    assert detect_format(Path(name)) == fmt


def test_sources_missing_path_and_bad_inputs(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        expand_inputs([tmp_path / "nope.jsonl"])
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(UsageError, match="unknown input format"):
        expand_inputs([tmp_path / "notes.txt"])
    with pytest.raises(UsageError, match="no .jsonl"):
        expand_inputs([tmp_path])
