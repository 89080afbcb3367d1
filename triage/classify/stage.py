"""The ``intent`` stage: problem category (SPEC §5) from the redacted turns.

Reads ``doc.redacted`` only. Assigns ``doc.intent`` (label, calibrated
confidence, ``secondary`` categories, ``scores`` per label) and leaves
``doc.signals["intent"] = {"unsure": bool, "reason": str | None, "margin": float}``
for the review flag: an interaction is unsure when the top probability is
under ``unsure_threshold`` or the top two are within ``unsure_margin``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from triage.config import PipelineConfig
from triage.schema import INTENT_ZH, INTENTS, Intent
from triage.stage import Doc, Stage

log = logging.getLogger("triage.classify.intent")


class IntentStage(Stage):
    """Assigns ``doc.intent`` with a sklearn or transformer model from ``models/``.

    Args:
        config: The pipeline configuration (paths resolve relative to it).
        model: Model folder (``../models/intent-sklearn``); its ``meta.json``
            says which implementation loads it.
        unsure_threshold: Top probability under which the result is unsure.
        unsure_margin: Top-two probability gap under which the result is unsure.
        secondary_threshold: Presence probability from which another category
            counts as secondary (falls back to class probability when the
            model has no presence head).
        max_secondary: At most this many secondary categories.
        model_options: Passed to the model loader (transformer: batch size…).
    """

    name: ClassVar[str] = "intent"
    requires: ClassVar[tuple[str, ...]] = ("redacted",)
    assigns: ClassVar[tuple[str, ...]] = ("intent",)

    def __init__(
        self,
        config: PipelineConfig | None = None,
        model: str = "../models/intent-sklearn",
        unsure_threshold: float = 0.5,
        unsure_margin: float = 0.15,
        secondary_threshold: float = 0.5,
        max_secondary: int = 2,
        model_options: dict[str, Any] | None = None,
    ) -> None:
        self.config = config
        self.model_path = config.resolve(model) if config else Path(model).resolve()
        self.unsure_threshold = unsure_threshold
        self.unsure_margin = unsure_margin
        self.secondary_threshold = secondary_threshold
        self.max_secondary = max_secondary
        self.model_options = model_options or {}
        self._model: Any = None

    def setup(self) -> None:
        """Load the model (once)."""
        if self._model is None:
            from triage.classify.loader import load_model

            self._model = load_model(self.model_path, **self.model_options)
            unknown = set(self._model.classes_) - set(INTENTS)
            if unknown:
                raise ValueError(f"{self.model_path}: labels not in SPEC §5: {sorted(unknown)}")

    def process(self, doc: Doc) -> None:
        """Classify one interaction."""
        self.process_batch([doc])

    def process_batch(self, docs: Sequence[Doc]) -> None:
        """Classify a batch in one model call."""
        self.setup()
        self.check_requires(docs)
        proba, presence = self._model.predict_turns([doc.redacted for doc in docs])
        classes = self._model.classes_
        for i, doc in enumerate(docs):
            doc.intent, doc.signals["intent"] = self.decide(
                classes, [float(p) for p in proba[i]],
                None if presence is None else [float(p) for p in presence[i]],
            )

    def decide(
        self, classes: Sequence[str], proba: Sequence[float], presence: Sequence[float] | None
    ) -> tuple[Intent, dict[str, Any]]:
        """Turn model outputs into an :class:`Intent` and the unsure signal."""
        scores = {c: round(p, 4) for c, p in zip(classes, proba, strict=True)}
        order = sorted(range(len(classes)), key=lambda j: -proba[j])
        top = order[0]
        label = classes[top]
        second = proba[order[1]] if len(order) > 1 else 0.0
        margin = proba[top] - second
        source = presence if presence is not None else proba
        secondary = [
            classes[j] for j in sorted(range(len(classes)), key=lambda j: -source[j])
            if j != top and source[j] >= self.secondary_threshold and classes[j] != "other"
        ][: self.max_secondary]
        reason = None
        if proba[top] < self.unsure_threshold:
            reason = (f"意图不确定：最高概率{proba[top]:.2f}低于阈值{self.unsure_threshold:.2f}"
                      f"（{INTENT_ZH.get(label, label)}）")
        elif margin < self.unsure_margin:
            runner = classes[order[1]]
            reason = (f"意图不确定：{INTENT_ZH.get(label, label)}与{INTENT_ZH.get(runner, runner)}"
                      f"概率相差{margin:.2f}，小于{self.unsure_margin:.2f}")
        intent = Intent(label=label, confidence=float(proba[top]), secondary=tuple(secondary),
                        scores=scores)
        return intent, {"unsure": reason is not None, "reason": reason, "margin": round(margin, 4)}
