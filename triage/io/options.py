"""Reader options: size limits, default channel and the ASR speaker mapping."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from triage.config import PIPELINES_DIR, load_yaml
from triage.errors import ConfigError, UsageError
from triage.schema import CHANNELS, SPEAKERS

ASR_CONFIG = PIPELINES_DIR / "asr.yaml"

DEFAULT_LIMITS: dict[str, int] = {
    "max_turns": 2000,
    "max_chars": 200_000,
    "max_turn_chars": 20_000,
}

# Speaker labels every reader accepts besides the SPEC codes (centre exports).
SPEAKER_ALIASES: dict[str, str] = {
    "坐席": "agent",
    "客服": "agent",
    "座席": "agent",
    "agent": "agent",
    "staff": "agent",
    "客户": "customer",
    "用户": "customer",
    "customer": "customer",
    "user": "customer",
    "client": "customer",
    "系统": "system",
    "system": "system",
    "ivr": "system",
}


def canonical_speaker(label: Any) -> str | None:
    """The SPEC speaker code for a label (``agent``, ``客户``, ``Customer``…), or None."""
    if not isinstance(label, str):
        return None
    key = label.strip()
    return SPEAKER_ALIASES.get(key) or SPEAKER_ALIASES.get(key.lower())


@dataclass(frozen=True)
class SpeakerMap:
    """Maps ASR speaker labels (FunASR ``spk`` 0/1, WhisperX ``SPEAKER_00``) to roles.

    Labels are compared as strings, so FunASR's integer ``spk: 0`` matches the
    key ``"0"``. The key ``"*"`` gives the role of segments that carry no
    speaker label at all (e.g. a Whisper transcript of the customer's channel of
    a stereo recording). SPEC speaker codes and the aliases in
    :data:`SPEAKER_ALIASES` always map to themselves.

    Attributes:
        mapping: Label → ``agent``/``customer``/``system``.
    """

    mapping: Mapping[str, str] = field(default_factory=dict)

    def role(self, label: Any) -> str | None:
        """The role of one label, or None when the label is unknown."""
        if label is None:
            return self.mapping.get("*")
        key = str(label).strip()
        if key in self.mapping:
            return self.mapping[key]
        return canonical_speaker(key)

    @classmethod
    def parse(cls, spec: str) -> SpeakerMap:
        """Parse ``0=agent,1=customer`` or the path of a YAML file with a ``speaker_map``.

        Raises:
            UsageError: the text is neither.
        """
        path = Path(spec)
        if spec.endswith((".yaml", ".yml")):
            if not path.is_file():
                raise UsageError(f"--speaker-map: {spec}: file not found")
            return cls.from_mapping(_yaml_map(path), source=spec)
        mapping: dict[str, str] = {}
        for part in spec.split(","):
            if not part.strip():
                continue
            label, sep, role = part.partition("=")
            if not sep or not label.strip():
                raise UsageError(f"--speaker-map: expected LABEL=ROLE pairs, got {part.strip()!r}")
            mapping[label.strip()] = role.strip()
        return cls.from_mapping(mapping, source="--speaker-map")

    @classmethod
    def from_mapping(cls, mapping: Mapping[Any, Any], source: str) -> SpeakerMap:
        """Validate a label → role mapping.

        Raises:
            UsageError: a role is not a SPEC speaker code.
        """
        clean: dict[str, str] = {}
        for label, role in mapping.items():
            if role not in SPEAKERS:
                raise UsageError(
                    f"{source}: speaker {label!r} maps to {role!r}; roles are {', '.join(SPEAKERS)}"
                )
            clean[str(label)] = str(role)
        return cls(clean)


def _yaml_map(path: Path) -> dict[str, Any]:
    raw = load_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("speaker_map"), dict):
        raise ConfigError(f"{path}: needs a 'speaker_map' mapping")
    return raw["speaker_map"]


def load_asr_defaults(path: Path = ASR_CONFIG) -> tuple[SpeakerMap, str]:
    """The default speaker map and channel for ASR files (``pipelines/asr.yaml``)."""
    if not path.is_file():
        return SpeakerMap({"0": "agent", "1": "customer"}), "call"
    raw = load_yaml(path) or {}
    channel = str(raw.get("channel", "call"))
    if channel not in CHANNELS:
        raise ConfigError(f"{path}: channel must be one of {', '.join(CHANNELS)}")
    return SpeakerMap.from_mapping(_yaml_map(path), source=str(path)), channel


@dataclass(frozen=True)
class ReaderOptions:
    """How inputs are read and validated.

    Attributes:
        limits: Size limits (``max_turns``, ``max_chars``, ``max_turn_chars``,
            optional ``max_record_bytes``); usually ``PipelineConfig.limits``.
            Empty: the engine uses the pipeline config's limits, and missing
            ones default to :data:`DEFAULT_LIMITS`.
        channel: Channel for records that do not give one (None: such records
            are errors ``E105``); ASR files use ``asr_channel``.
        speaker_map: ASR speaker label → role.
        asr_channel: Channel of ASR transcripts (they are calls unless told).
        encoding: Force an input encoding instead of detecting it.
    """

    limits: Mapping[str, int] = field(default_factory=dict)
    channel: str | None = None
    speaker_map: SpeakerMap = field(
        default_factory=lambda: SpeakerMap({"0": "agent", "1": "customer"})
    )
    asr_channel: str = "call"
    encoding: str | None = None

    def limit(self, name: str) -> int:
        """One size limit (defaults from :data:`DEFAULT_LIMITS`)."""
        value = self.limits.get(name)
        return int(value) if value is not None else DEFAULT_LIMITS[name]

    @property
    def max_record_bytes(self) -> int:
        """Longest input line read into memory (UTF-8 uses up to 4 bytes a character)."""
        explicit = self.limits.get("max_record_bytes")
        if explicit is not None:
            return int(explicit)
        return self.limit("max_chars") * 4 + (1 << 20)
