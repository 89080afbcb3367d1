"""Root fixtures shared by every test module (expensive ones session-scoped)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "data_samples"
SHARED_DATASETS = Path(os.environ.get("TRIAGE_DATA_DIR", REPO.parent / "shared" / "datasets"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """``data_samples/``."""
    return SAMPLES


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    """``../shared/datasets`` (evaluation corpora, read in place; may be absent)."""
    return SHARED_DATASETS


@pytest.fixture(scope="session")
def default_pipeline():
    """The default pipeline, built once per session."""
    from triage.pipeline import Pipeline

    pipe = Pipeline.from_config()
    pipe.setup()
    return pipe
