"""The fast path: TF-IDF → linear model with calibrated probabilities (no torch).

:class:`SklearnTextClassifier` follows scikit-learn conventions (``__init__``
stores parameters, ``fit`` returns ``self``, learned state ends in ``_``).
Artefacts are written with skops, never pickle; loading checks the
artefact's non-default types against :data:`TRUSTED_TYPES` and refuses
anything else.
"""

from __future__ import annotations

import importlib.abc
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

from triage.classify.features import build_features

log = logging.getLogger("triage.classify.sklearn")

# Types skops does not trust by default that our own artefacts contain.
TRUSTED_TYPES: frozenset[str] = frozenset({
    "triage.classify.features.jieba_tokenize",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.utils._bunch.Bunch",
    "builtins.slice",
    "numpy.dtype",
})
_FILES = ("features.skops", "classifier.skops")
PRESENCE_FILE = "presence.skops"
META_FILE = "meta.json"


class UntrustedArtefactError(RuntimeError):
    """A model file contains types this project never writes."""


class _NoTorch(importlib.abc.MetaPathFinder):
    """Refuses ``torch`` imports while skops builds its registry of sklearn types."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError(f"{name} is not needed by the fast path", name=name)
        return None


def _skops() -> Any:
    """Import ``skops.io`` without importing torch.

    On import skops lists every scikit-learn estimator
    (``sklearn.utils.all_estimators``), which walks ``sklearn.externals.
    array_api_compat.torch`` and so imports torch when it is installed: seconds
    of start-up and hundreds of MB the fast path must not pay. That one
    submodule is optional, so torch is refused for the duration of the import
    (unless something already imported it); later imports of torch work as usual.
    """
    if "skops.io" in sys.modules or "torch" in sys.modules:
        import skops.io as sio

        return sio
    blocker = _NoTorch()
    sys.meta_path.insert(0, blocker)
    try:
        import skops.io as sio
    finally:
        sys.meta_path.remove(blocker)
    return sio


def _dump(obj: Any, path: Path) -> None:
    import zipfile

    sio = _skops()

    sio.dump(obj, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)


def _load(path: Path) -> Any:
    sio = _skops()

    untrusted = sio.get_untrusted_types(file=path)
    unknown = sorted(set(untrusted) - TRUSTED_TYPES)
    if unknown:
        raise UntrustedArtefactError(f"{path}: refusing to load untrusted types {unknown}")
    return sio.load(path, trusted=untrusted)


class SklearnTextClassifier:
    """Calibrated linear classifier over ``[customer, agent]`` rows.

    Args:
        C: Regularisation of the linear SVM.
        calibration_cv: Folds for sigmoid calibration.
        agent_weight: Weight of the agent's text block in the features.
        max_features: Vocabulary cap per feature block.
        presence: Also learn which labels are present at all (multi-label,
            one-vs-rest logistic regression), for ``intent.secondary``.
        seed: Random seed.
    """

    def __init__(
        self,
        C: float = 0.5,
        calibration_cv: int = 3,
        agent_weight: float = 0.35,
        max_features: int = 15000,
        presence: bool = False,
        seed: int = 13,
    ) -> None:
        self.C = C
        self.calibration_cv = calibration_cv
        self.agent_weight = agent_weight
        self.max_features = max_features
        self.presence = presence
        self.seed = seed

    def fit(
        self,
        rows: Sequence[Sequence[str]],
        y: Sequence[str],
        y_multi: Sequence[Sequence[str]] | None = None,
    ) -> SklearnTextClassifier:
        """Learn features, the calibrated classifier and (optionally) label presence.

        Args:
            rows: ``[customer, agent]`` texts per interaction.
            y: Primary label per interaction.
            y_multi: All labels present per interaction (needed when ``presence``).
        """
        X_rows = np.array(rows, dtype=object)
        self.features_ = build_features(agent_weight=self.agent_weight,
                                        max_features=self.max_features)
        log.info("fitting features on %d rows", len(X_rows))
        X = self.features_.fit_transform(X_rows)
        svm = LinearSVC(C=self.C, random_state=self.seed, dual="auto")
        self.classifier_ = CalibratedClassifierCV(
            svm, method="sigmoid", cv=self.calibration_cv, ensemble=False
        )
        log.info("fitting calibrated linear SVM (%d features)", X.shape[1])
        self.classifier_.fit(X, list(y))
        self.classes_ = [str(c) for c in self.classifier_.classes_]
        self.presence_ = None
        if hasattr(self, "fast_"):
            del self.fast_  # compiled from the previous fit
        if self.presence:
            if y_multi is None:
                raise ValueError("presence=True needs y_multi")
            mlb = MultiLabelBinarizer(classes=self.classes_)
            Y = mlb.fit_transform(y_multi)
            log.info("fitting label-presence model")
            self.presence_ = OneVsRestClassifier(
                LogisticRegression(C=4.0, max_iter=2000, random_state=self.seed)
            ).fit(X, Y)
        return self

    def _X(self, rows: Sequence[Sequence[str]]) -> Any:
        return self.features_.transform(np.array(rows, dtype=object).reshape(len(rows), 2))

    def predict_proba(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """Calibrated probabilities, columns in ``classes_`` order."""
        return self.classifier_.predict_proba(self._X(rows))

    def predict_all(self, rows: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray | None]:
        """Probabilities and (when learnt) per-label presence probabilities."""
        X = self._X(rows)
        proba = self.classifier_.predict_proba(X)
        pres = self.presence_.predict_proba(X) if self.presence_ is not None else None
        return proba, pres

    def predict_turns(
        self, batch: Sequence[Sequence[Any]]
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """:meth:`predict_all` on interactions given as turn lists (the stage interface).

        Uses the compiled numpy model (:mod:`triage.classify.fast_linear`, same
        probabilities, incremental over a live chat's turns) when the artefact
        allows it, else scikit-learn.
        """
        fast = self.fast_model()
        if fast is not None:
            return fast.predict_turns(batch)
        from triage.classify.text import as_rows

        return self.predict_all(as_rows(batch))

    def fast_model(self) -> Any:
        """The compiled :class:`~triage.classify.fast_linear.FastLinear` (built once), or None."""
        if not hasattr(self, "fast_"):
            from triage.classify.fast_linear import compile_model

            self.fast_ = compile_model(self)
            if self.fast_ is None:
                log.info("model configuration not compiled; scoring with scikit-learn")
        return self.fast_

    def save(self, folder: Path, meta: dict[str, Any] | None = None) -> None:
        """Write the artefacts (skops) and ``meta.json`` into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        for _, vec, _ in self.features_.transformers_:
            # stop_words_ lists every pruned n-gram (hundreds of thousands): only
            # for introspection, safe to drop, and it would dominate the artefact.
            if hasattr(vec, "stop_words_"):
                delattr(vec, "stop_words_")
            # numpy ints in the vocabulary become one array file each in skops'
            # zip (slow, large); plain ints are stored inline.
            if hasattr(vec, "vocabulary_"):
                vec.vocabulary_ = {str(k): int(v) for k, v in vec.vocabulary_.items()}
        _dump(self.features_, folder / _FILES[0])
        _dump(self.classifier_, folder / _FILES[1])
        if self.presence_ is not None:
            _dump(self.presence_, folder / PRESENCE_FILE)
        elif (folder / PRESENCE_FILE).exists():
            (folder / PRESENCE_FILE).unlink()
        info = {
            "kind": "sklearn",
            "classes": self.classes_,
            "params": {
                "C": self.C, "calibration_cv": self.calibration_cv,
                "agent_weight": self.agent_weight, "max_features": self.max_features,
                "presence": self.presence, "seed": self.seed,
            },
        }
        info.update(meta or {})
        (folder / META_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> SklearnTextClassifier:
        """Load artefacts written by :meth:`save` (type-checked, no pickle)."""
        folder = Path(folder)
        missing = [f for f in (*_FILES, META_FILE) if not (folder / f).exists()]
        if missing:
            raise FileNotFoundError(f"{folder}: model files missing: {', '.join(missing)}")
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        obj = cls(**meta.get("params", {}))
        obj.features_ = _load(folder / _FILES[0])
        obj.classifier_ = _load(folder / _FILES[1])
        obj.classes_ = [str(c) for c in obj.classifier_.classes_]
        obj.presence_ = _load(folder / PRESENCE_FILE) if (folder / PRESENCE_FILE).exists() else None
        return obj
