"""The fast-path estimator: fit/predict contract and skops persistence with a type check."""

from __future__ import annotations

import numpy as np
import pytest

from triage.classify.datagen.compose import generate
from triage.classify.sklearn_model import SklearnTextClassifier, UntrustedArtefactError, _load
from triage.classify.text import as_rows


@pytest.fixture(scope="module")
def small_model():
    data = generate(400, seed=3)
    rows = as_rows([r["turns"] for r in data])
    y = [r["intent"] for r in data]
    multi = [[r["intent"], *r["secondary"]] for r in data]
    return SklearnTextClassifier(presence=True, max_features=3000).fit(rows, y, multi), rows


def test_sklearn_model_probabilities_are_calibrated_rows(small_model):
    model, rows = small_model
    proba, presence = model.predict_all(rows[:20])
    assert proba.shape == (20, len(model.classes_))
    np.testing.assert_allclose(proba.sum(1), 1.0, atol=1e-6)
    assert presence is not None and presence.shape == proba.shape


def test_sklearn_model_roundtrip_through_skops(small_model, tmp_path):
    model, rows = small_model
    model.save(tmp_path / "m")
    assert not list((tmp_path / "m").glob("*.pkl"))
    again = SklearnTextClassifier.load(tmp_path / "m")
    np.testing.assert_allclose(again.predict_proba(rows[:30]), model.predict_proba(rows[:30]))


def test_sklearn_model_refuses_untrusted_types(tmp_path):
    from collections import OrderedDict

    from triage.classify.sklearn_model import _skops

    sio = _skops()
    path = tmp_path / "evil.skops"
    sio.dump({"x": OrderedDict(a=1), "f": np.linalg.norm}, path)
    with pytest.raises(UntrustedArtefactError, match="untrusted"):
        _load(path)


def test_sklearn_model_missing_files_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="meta.json"):
        SklearnTextClassifier.load(tmp_path)
