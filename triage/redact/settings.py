"""Redaction settings read from ``pipelines/redact.yaml`` (validated, with real errors)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from triage.config import PIPELINES_DIR, load_yaml
from triage.errors import ConfigError
from triage.redact.operators import C3_TYPES, OPERATORS
from triage.redact.recognizers import RECOGNIZERS
from triage.schema import PII_TYPES

DEFAULT_REDACT_CONFIG = PIPELINES_DIR / "redact.yaml"


@dataclass(frozen=True)
class RecognizerSettings:
    """One enabled recognizer: its registered name and keyword arguments."""

    name: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RedactSettings:
    """Parsed ``redact.yaml``.

    Attributes:
        language: Analyzer language (always ``zh``).
        ner: NER backend for names/places (``lac`` or ``none``).
        ner_batch_size: Lines per NER batch.
        words: Where words and POS tags come from: ``lac`` (the NER pass itself),
            ``mixed`` (LAC, jieba POS on lines where jieba's dictionary holds a
            person name) or ``jieba`` (jieba POS segmentation of everything).
        jieba_hmm: jieba guesses unknown words with its HMM (``words: jieba`` only).
        ner_threads: ONNX Runtime threads for NER (0: all cores).
        join_window: Turns ahead searched for the rest of a split number.
        min_spoken_run: Normaliser setting used when a caller gives raw text.
        operators: Operator per entity type (``tag``/``mask``/``pseudonym``).
        thresholds: Minimum score per entity type.
        recognizers: Enabled recognizers in order.
    """

    language: str = "zh"
    ner: str = "lac"
    ner_batch_size: int = 16
    words: str = "lac"
    jieba_hmm: bool = True
    ner_threads: int = 1
    join_window: int = 3
    min_spoken_run: int = 3
    operators: dict[str, str] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    recognizers: tuple[RecognizerSettings, ...] = ()


def validate_operators(operators: dict[str, str], where: str) -> None:
    """Check operator names; C3 types (JR/T 0171) only allow the type tag.

    Raises:
        ConfigError: naming ``where`` and the offending type.
    """
    for etype, op in operators.items():
        if etype not in PII_TYPES:
            raise ConfigError(f"{where}.{etype}: unknown PII type")
        if op not in OPERATORS:
            raise ConfigError(f"{where}.{etype}: operator must be one of {', '.join(OPERATORS)}")
        if etype in C3_TYPES and op != "tag":
            raise ConfigError(
                f"{where}.{etype}: operator must be 'tag' (JR/T 0171 class C3 is never kept)"
            )


def load_redact_settings(path: Path | str | None = None) -> RedactSettings:
    """Read and validate a redaction config (default ``pipelines/redact.yaml``)."""
    p = Path(path) if path is not None else DEFAULT_REDACT_CONFIG
    raw = load_yaml(p)
    if not isinstance(raw, dict):
        raise ConfigError(f"{p}: top level must be a mapping")
    language = str(raw.get("language", "zh"))
    if language != "zh":
        raise ConfigError(f"{p}: language must be 'zh' (got {language!r})")
    ner = str(raw.get("ner", "lac"))
    if ner not in ("lac", "none"):
        raise ConfigError(f"{p}: ner must be 'lac' or 'none'")
    words = str(raw.get("words", "lac"))
    if words not in ("lac", "mixed", "jieba"):
        raise ConfigError(f"{p}: words must be 'lac', 'mixed' or 'jieba'")
    ner_threads = raw.get("ner_threads", 1)
    if not isinstance(ner_threads, int) or ner_threads < 0:
        raise ConfigError(f"{p}: ner_threads must be an integer >= 0")
    operators: dict[str, str] = {}
    thresholds: dict[str, float] = {}
    for etype, spec in (raw.get("entities") or {}).items():
        spec = spec or {}
        operators[str(etype)] = str(spec.get("operator", "tag"))
        thresholds[str(etype)] = float(spec.get("threshold", 0.5))
    validate_operators(operators, f"{p}: entities")
    recs = []
    for i, item in enumerate(raw.get("recognizers") or []):
        if not isinstance(item, dict) or "name" not in item:
            raise ConfigError(f"{p}: recognizers[{i}] needs a 'name'")
        name = str(item["name"])
        if name not in RECOGNIZERS:
            raise ConfigError(f"{p}: recognizers[{i}]: unknown recognizer {name!r}")
        if not item.get("enabled", True):
            continue
        options = {k: v for k, v in item.items() if k not in ("name", "enabled")}
        recs.append(RecognizerSettings(name, options))
    return RedactSettings(
        language=language,
        ner=ner,
        ner_batch_size=int(raw.get("ner_batch_size", 16)),
        words=words,
        jieba_hmm=bool(raw.get("jieba_hmm", True)),
        ner_threads=ner_threads,
        join_window=int(raw.get("join_window", 3)),
        min_spoken_run=int(raw.get("min_spoken_run", 3)),
        operators=operators,
        thresholds=thresholds,
        recognizers=tuple(recs),
    )
