"""The ``severity`` stage: SPEC §6 level = model + explicit escalation signals.

Reads ``doc.redacted`` (customer turns for the signals), ``doc.intent`` and the
customer segment. The final level is the most severe of the model's level
(capped per intent by ``model_cap`` and while a fact holds by ``fact_cap``),
the intent's floor (``intent_floor`` in ``severity.yaml``, unless a fact of
``floor_lifted_by`` holds) and every fired signal; each contributor adds a
Chinese reason. Facts go to ``doc.signals["severity"]``: ``funds_at_risk``,
``past_loss``, ``regulator_threat``,
``media_threat``, ``court_threat``, ``repeat_contact``, ``life_threat``,
``complaint``, ``vulnerable_customer``, ``large_amount``, ``max_amount``,
``model_level``, ``model_confidence``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from triage.classify.signals import SignalDetector
from triage.config import PipelineConfig, load_yaml
from triage.errors import ConfigError
from triage.schema import INTENT_ZH, SEVERITIES, SEVERITY_ZH, Severity
from triage.stage import Doc, Stage

log = logging.getLogger("triage.classify.severity")

_RANK = {lvl: i for i, lvl in enumerate(SEVERITIES)}  # P1 = 0 (most severe)


def most_severe(levels: Sequence[str]) -> str:
    """The most severe of SPEC §6 levels."""
    return min(levels, key=_RANK.__getitem__)


class SeverityStage(Stage):
    """Assigns ``doc.severity`` with reasons, and leaves escalation facts.

    Args:
        config: The pipeline configuration (paths resolve relative to it).
        signals: The severity YAML (``severity.yaml``): signals, floors, model path.
        model: Overrides the model folder named in the YAML; ``none`` runs
            on signals and floors alone (P4 when nothing fires).
    """

    name: ClassVar[str] = "severity"
    requires: ClassVar[tuple[str, ...]] = ("redacted",)  # intent is used when present
    assigns: ClassVar[tuple[str, ...]] = ("severity",)

    def __init__(
        self,
        config: PipelineConfig | None = None,
        signals: str = "severity.yaml",
        model: str | None = None,
    ) -> None:
        self.config = config
        self.signals_path = config.resolve(signals) if config else Path(signals).resolve()
        self.model_setting = model
        self._detector: SignalDetector | None = None
        self._model: Any = None
        self._model_path: Path | None = None

    def setup(self) -> None:
        """Load the signal rules and the severity model (once)."""
        if self._detector is not None:
            return
        spec = load_yaml(self.signals_path)
        if not isinstance(spec, dict):
            raise ConfigError(f"{self.signals_path}: top level must be a mapping")
        self._detector = SignalDetector(spec, source=self.signals_path.name)
        model = self.model_setting if self.model_setting is not None else spec.get("model")
        if model and str(model).lower() != "none":
            p = Path(str(model))
            self._model_path = p if p.is_absolute() else (self.signals_path.parent / p).resolve()
            from triage.classify.loader import load_model

            self._model = load_model(self._model_path)
            unknown = set(self._model.classes_) - set(SEVERITIES)
            if unknown:
                raise ConfigError(f"{self._model_path}: labels not in SPEC §6: {sorted(unknown)}")

    def process(self, doc: Doc) -> None:
        """Grade one interaction."""
        self.process_batch([doc])

    def process_batch(self, docs: Sequence[Doc]) -> None:
        """Grade a batch (one model call)."""
        self.setup()
        self.check_requires(docs)
        proba = None
        if self._model is not None:
            proba, _ = self._model.predict_turns([doc.redacted for doc in docs])
        for i, doc in enumerate(docs):
            probs = None
            if proba is not None:
                probs = {c: float(p) for c, p in zip(self._model.classes_, proba[i], strict=True)}
            doc.severity, doc.signals["severity"] = self.decide(doc, probs)

    def decide(self, doc: Doc, probs: dict[str, float] | None) -> tuple[Severity, dict[str, Any]]:
        """Combine model probabilities, the intent floor and the signals."""
        assert self._detector is not None
        intent = doc.intent.label if doc.intent is not None else None
        # the live hook keeps a memo per chat: signals re-read only a text that changed
        memo = doc.cache.setdefault("severity", {}) if doc.cache is not None else None
        hits, facts = self._detector.detect(
            doc.redacted or (), intent, doc.interaction.segment, memo=memo
        )
        candidates: list[tuple[str, str]] = []  # (level, reason)
        model_level = None
        confidence = None
        if probs:
            model_level = max(probs, key=probs.__getitem__)
            confidence = probs[model_level]
            caps = self._detector.model_cap
            cap = caps.get(intent or "", caps.get("default"))
            least = self._detector.model_cap_score
            if cap and least is not None and doc.intent is not None:
                # An unsure intent (手机被偷…账户 read as account_service with fraud
                # close behind) must not keep a fraud's P1 from the model.
                for label, score in (doc.intent.scores or {}).items():
                    other = caps.get(label)
                    if other and score >= least and _RANK[other] < _RANK[cap]:
                        cap = other
            level_used = model_level
            if cap and _RANK[model_level] < _RANK[cap]:
                level_used = cap  # the model alone may not escalate this category further
            for fact, fact_cap in self._detector.fact_cap.items():
                if facts.get(fact) and _RANK[level_used] < _RANK[fact_cap]:
                    level_used = fact_cap  # e.g. a past loss chased again is a follow-up
            candidates.append((level_used, f"模型判定：{level_used}（{SEVERITY_ZH[level_used]}），"
                                           f"概率{confidence:.2f}"))
        floor = self._detector.intent_floor.get(intent or "")
        lifted_by = self._detector.floor_lifted_by.get(intent or "", ())
        if floor and any(facts.get(f) for f in lifted_by):
            floor = None  # e.g. anger read as a complaint, the need then settled on the spot
        if floor:
            candidates.append((floor, f"问题类别为{INTENT_ZH.get(intent or '', intent)}，"
                                      f"至少为{floor}（{SEVERITY_ZH[floor]}）"))
        for hit in hits:
            candidates.append((hit.level, hit.reason))
        if not candidates:
            candidates.append(("P4", "未发现升级信号：信息咨询类（低）"))
        level = most_severe([c[0] for c in candidates])
        # Reasons: the signals first (what a supervisor acts on), then what set the level.
        reasons = [h.reason for h in hits]
        if not hits or level != most_severe([h.level for h in hits]):
            for lvl, why in candidates:
                if lvl == level and why not in reasons:
                    reasons.append(why)
                    break
        facts.update({"model_level": model_level,
                      "model_confidence": None if confidence is None else round(confidence, 4)})
        return Severity(level=level, reasons=tuple(reasons), confidence=confidence), facts
