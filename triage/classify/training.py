"""Training entry points for the intent and severity models (seeded, logged).

``triage train intent|severity [--model sklearn|transformer] [--data PATH]``
calls :func:`train`. The training data is the generated DatasetDict in
``models/training-data`` (built first if missing). Each model folder gets its
artefacts, ``meta.json`` and ``metrics.json`` with validation figures on the
*generated* validation split; the held-out figures come from ``triage eval``.
"""

from __future__ import annotations

import json
import logging
import random
import time
from pathlib import Path
from typing import Any

from triage.config import MODELS_DIR

log = logging.getLogger("triage.classify.train")

DEFAULT_DATA = MODELS_DIR / "training-data"
TARGETS = ("intent", "severity")
# The severity model learns the needs' own level; escalation cues (regulator,
# media, repeat contact…) are explicit signals in pipelines/severity.yaml.
LABEL_COLUMN = {"intent": "intent", "severity": "base_severity"}


def default_out(target: str, model: str) -> Path:
    """``models/<target>-<model>``."""
    return MODELS_DIR / f"{target}-{model}"


def load_data(path: Path | None) -> Any:
    """The training DatasetDict at ``path`` (generated into the default folder if absent)."""
    from triage.classify.datagen import build

    p = Path(path) if path else DEFAULT_DATA
    if not (p / "dataset_dict.json").exists():
        if path:
            raise FileNotFoundError(f"{p}: no DatasetDict (dataset_dict.json) there")
        log.info("training data missing; generating %s", p)
        build.build(p)
    return build.load(p)


def _rows(split: Any) -> list[list[str]]:
    from triage.classify.text import as_rows

    return as_rows(split["turns"])


def _val_metrics(y_true: list[str], y_pred: list[str]) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, f1_score

    return {
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "macro_f1": round(float(f1_score(y_true, y_pred, average="macro")), 4),
    }


def train_sklearn(target: str, data: Any, out: Path, seed: int = 13) -> dict[str, Any]:
    """Fit the fast-path model for ``target`` and save it into ``out``."""
    from triage.classify.sklearn_model import SklearnTextClassifier

    train, val = data["train"], data["validation"]
    t0 = time.perf_counter()
    rows = _rows(train)
    label_col = LABEL_COLUMN[target]
    y = list(train[label_col])
    multi = None
    if target == "intent":
        multi = [[p, *s] for p, s in zip(train["intent"], train["secondary"], strict=True)]
    model = SklearnTextClassifier(presence=target == "intent", seed=seed)
    model.fit(rows, y, multi)
    fit_s = time.perf_counter() - t0
    log.info("fitted %s sklearn model in %.1f s", target, fit_s)
    proba = model.predict_proba(_rows(val))
    pred = [model.classes_[i] for i in proba.argmax(1)]
    metrics = {"validation_generated": _val_metrics(list(val[label_col]), pred),
               "label_column": label_col,
               "fit_seconds": round(fit_s, 1), "n_train": len(y)}
    model.save(out, meta={"target": target, "data": str(DEFAULT_DATA.name)})
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    log.info("validation (generated data): %s", metrics["validation_generated"])
    return metrics


def train(target: str, model: str = "sklearn", data: Path | None = None,
          out: Path | None = None, seed: int = 13, **kwargs: Any) -> dict[str, Any]:
    """Train ``target`` (intent/severity) with ``model`` (sklearn/transformer)."""
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}; choose from {TARGETS}")
    random.seed(seed)
    try:
        import numpy as np

        np.random.seed(seed)
    except ImportError:  # pragma: no cover
        pass
    ds = load_data(data)
    out = out or default_out(target, model)
    if model == "sklearn":
        return train_sklearn(target, ds, out, seed)
    if model == "transformer":
        from triage.classify.transformer_train import train_transformer

        return train_transformer(target, ds, out, seed=seed, **kwargs)
    raise ValueError(f"unknown model kind {model!r}; choose sklearn or transformer")
