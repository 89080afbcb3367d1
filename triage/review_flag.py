"""``review`` stage: decides whether an interaction goes to QA review (SPEC §8).

Flagged when a QA red line fails, the QA score is under the pass mark, severity
is P1 or P2, or a model is unsure (top probability under a threshold, or the top
two within a margin); plus a configurable random sample of the rest for
calibration. The sample is deterministic: a record is drawn when a hash of the
seed and its id falls under the rate, so re-scoring the same input flags the
same records (and the review queue does not churn).

Reason codes are stable, machine-readable strings (``severity:P1``,
``red_line:C06``); :func:`reason_zh` gives the Chinese label for display.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from triage.config import PIPELINES_DIR, PipelineConfig, load_yaml
from triage.errors import ConfigError
from triage.route.facts import Facts, facts_from_doc
from triage.schema import SEVERITIES, ReviewFlag
from triage.stage import Doc, Stage

DEFAULT_PASS_MARK = 80

REASON_ZH: dict[str, str] = {
    "red_line": "质检红线",
    "qa:below_pass_mark": "质检得分低于合格线",
    "severity": "严重等级",
    "intent:low_confidence": "意图模型置信度低",
    "intent:close_call": "意图前两名概率接近",
    "severity:low_confidence": "严重等级模型置信度低",
    "sample:calibration": "随机抽检（校准）",
}


def reason_zh(code: str) -> str:
    """Chinese label of a review reason code (``red_line:C06`` → ``质检红线 C06``)."""
    if code in REASON_ZH:
        return REASON_ZH[code]
    head, _, tail = code.partition(":")
    return f"{REASON_ZH.get(head, head)} {tail}".strip()


def sample_draw(seed: str, record_id: str) -> float:
    """A uniform number in [0, 1) fixed by the seed and the record id."""
    digest = hashlib.sha256(f"{seed}\x00{record_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass(frozen=True)
class ReviewPolicy:
    """When to flag an interaction for review.

    Attributes:
        severities: Severity levels that are always reviewed (P1, P2).
        pass_mark: QA score under which the interaction is reviewed.
        intent_confidence_below: Intent model unsure under this top probability.
        intent_margin_below: Intent model unsure when the top two are closer.
        severity_confidence_below: Severity model unsure under this (None: off).
        sample_rate: Share of the otherwise unflagged records drawn for calibration.
        sample_seed: Seed of the deterministic draw.
    """

    severities: frozenset[str] = frozenset({"P1", "P2"})
    pass_mark: int = DEFAULT_PASS_MARK
    intent_confidence_below: float = 0.6
    intent_margin_below: float = 0.1
    severity_confidence_below: float | None = None
    sample_rate: float = 0.0
    sample_seed: str = "review-sample-v1"

    @classmethod
    def from_dict(cls, raw: Any, where: str, pass_mark: int | None = None) -> ReviewPolicy:
        """Validate a parsed ``review.yaml``.

        Args:
            raw: The parsed YAML mapping.
            where: File name for error messages.
            pass_mark: The QA stage's pass mark, used when the file says ``pass_mark: null``.

        Raises:
            ConfigError: naming the file and field.
        """
        if not isinstance(raw, dict):
            raise ConfigError(f"{where}: top level must be a mapping")
        known = {"version", "severity", "pass_mark", "unsure", "sample"}
        extra = sorted(set(raw) - known)
        if extra:
            raise ConfigError(f"{where}: unknown key(s) {extra}; known: {sorted(known)}")
        sev = raw.get("severity", ["P1", "P2"])
        if not isinstance(sev, list) or any(s not in SEVERITIES for s in sev):
            raise ConfigError(f"{where}: severity must be a list of {list(SEVERITIES)}")
        mark = raw.get("pass_mark")
        if mark is None:
            mark = pass_mark if pass_mark is not None else DEFAULT_PASS_MARK
        if isinstance(mark, bool) or not isinstance(mark, int) or not 0 <= mark <= 100:
            raise ConfigError(f"{where}: pass_mark must be an integer 0..100 or null")
        unsure = raw.get("unsure") or {}
        if not isinstance(unsure, dict) or set(unsure) - {"intent", "severity"}:
            raise ConfigError(f"{where}: unsure takes 'intent' and 'severity' mappings")
        intent_u = unsure.get("intent") or {}
        sev_u = unsure.get("severity") or {}
        if not isinstance(intent_u, dict) or set(intent_u) - {"confidence_below", "margin_below"}:
            raise ConfigError(f"{where}: unsure.intent takes confidence_below, margin_below")
        if not isinstance(sev_u, dict) or set(sev_u) - {"confidence_below"}:
            raise ConfigError(f"{where}: unsure.severity takes confidence_below")
        sample = raw.get("sample") or {}
        if not isinstance(sample, dict) or set(sample) - {"rate", "seed"}:
            raise ConfigError(f"{where}: sample takes 'rate' and 'seed'")
        seed = sample.get("seed", "review-sample-v1")
        if not isinstance(seed, str) or not seed:
            raise ConfigError(f"{where}: sample.seed must be a non-empty string")
        sev_conf = sev_u.get("confidence_below")
        return cls(
            severities=frozenset(sev),
            pass_mark=mark,
            intent_confidence_below=_prob(
                intent_u.get("confidence_below", 0.6), f"{where}: unsure.intent.confidence_below"
            ),
            intent_margin_below=_prob(
                intent_u.get("margin_below", 0.1), f"{where}: unsure.intent.margin_below"
            ),
            severity_confidence_below=None
            if sev_conf is None
            else _prob(sev_conf, f"{where}: unsure.severity.confidence_below"),
            sample_rate=_prob(sample.get("rate", 0.0), f"{where}: sample.rate"),
            sample_seed=seed,
        )

    def decide(self, facts: Facts) -> ReviewFlag:
        """The review flag for these facts, with every reason that applies."""
        reasons: list[str] = [f"red_line:{r}" for r in facts.red_line_rules]
        if facts.red_line and not reasons:
            reasons.append("red_line")
        if facts.qa_score is not None and facts.qa_score < self.pass_mark:
            reasons.append("qa:below_pass_mark")
        if facts.severity in self.severities:
            reasons.append(f"severity:{facts.severity}")
        if (
            facts.intent_confidence is not None
            and facts.intent_confidence < self.intent_confidence_below
        ):
            reasons.append("intent:low_confidence")
        if facts.intent_margin is not None and facts.intent_margin < self.intent_margin_below:
            reasons.append("intent:close_call")
        if (
            self.severity_confidence_below is not None
            and facts.severity_confidence is not None
            and facts.severity_confidence < self.severity_confidence_below
        ):
            reasons.append("severity:low_confidence")
        if not reasons and sample_draw(self.sample_seed, facts.record_id) < self.sample_rate:
            reasons.append("sample:calibration")
        return ReviewFlag(flagged=bool(reasons), reasons=tuple(reasons))


def _prob(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ConfigError(f"{where}: must be a number between 0 and 1")
    return float(value)


def _qa_pass_mark(config: PipelineConfig | None) -> int | None:
    """The pass mark configured on the pipeline's ``qa`` stage, if any."""
    if config is None:
        return None
    for spec in config.stages:
        if spec.name == "qa" and "pass_mark" in spec.settings:
            value = spec.settings["pass_mark"]
            return value if isinstance(value, int) and not isinstance(value, bool) else None
    return None


class ReviewFlagStage(Stage):
    """Assigns ``doc.review`` from ``review.yaml``.

    Args:
        config: The pipeline configuration (the policy path resolves from it; its
            ``qa`` stage's ``pass_mark`` is used unless the policy sets one).
        policy: Review policy file (default ``review.yaml`` beside the config).
        sample_rate: Overrides the policy's calibration sample rate (0..1).
    """

    name: ClassVar[str] = "review"
    requires: ClassVar[tuple[str, ...]] = ("intent", "severity", "qa")
    assigns: ClassVar[tuple[str, ...]] = ("review",)

    def __init__(
        self,
        config: PipelineConfig | None = None,
        policy: str = "review.yaml",
        sample_rate: float | None = None,
    ) -> None:
        self.config = config
        self.policy_path = config.resolve(policy) if config else PIPELINES_DIR / policy
        self.sample_rate = sample_rate
        self.policy: ReviewPolicy | None = None

    def setup(self) -> None:
        """Load and validate the policy."""
        if self.policy is not None:
            return
        path = Path(self.policy_path)
        raw = load_yaml(path)
        if isinstance(raw, dict) and self.sample_rate is not None:
            raw = {**raw, "sample": {**(raw.get("sample") or {}), "rate": self.sample_rate}}
        self.policy = ReviewPolicy.from_dict(raw, path.name, _qa_pass_mark(self.config))

    def process(self, doc: Doc) -> None:
        """Assign ``doc.review``."""
        if self.policy is None:
            self.setup()
        assert self.policy is not None
        doc.review = self.policy.decide(facts_from_doc(doc))
