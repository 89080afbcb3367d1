"""Load a classification model folder, choosing the implementation from its ``meta.json``.

The sklearn path never imports torch; the transformer wrapper is imported
only when a folder's ``meta.json`` says ``"kind": "transformer"``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np


class TextModel(Protocol):
    """What the classify stages need from a model."""

    classes_: list[str]

    def predict_turns(
        self, batch: Sequence[Sequence[Any]]
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Class probabilities and optional label-presence probabilities per interaction."""
        ...


def model_kind(folder: Path) -> str:
    """``sklearn`` or ``transformer`` as written in the folder's ``meta.json``."""
    meta = Path(folder) / "meta.json"
    if not meta.exists():
        raise FileNotFoundError(f"{folder}: no meta.json; train it with `triage train`")
    kind = json.loads(meta.read_text(encoding="utf-8")).get("kind", "sklearn")
    if kind not in ("sklearn", "transformer"):
        raise ValueError(f"{meta}: unknown model kind {kind!r}")
    return str(kind)


def load_model(folder: Path | str, **options: Any) -> TextModel:
    """Load the model stored in ``folder``.

    Args:
        folder: A ``models/<name>`` folder.
        options: Passed to the transformer wrapper (``batch_size``, ``max_length``…).
    """
    folder = Path(folder)
    if model_kind(folder) == "transformer":
        from triage.classify.transformer_model import TransformerTextClassifier

        return TransformerTextClassifier.load(folder, **options)
    from triage.classify.sklearn_model import SklearnTextClassifier

    return SklearnTextClassifier.load(folder)
