"""Loading pipeline configuration (YAML in ``pipelines/``).

Stage files referenced from ``default.yaml`` are resolved relative to the file
that names them, so a copied ``pipelines/`` folder works anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from triage.errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parent.parent
PIPELINES_DIR = REPO_ROOT / "pipelines"
MODELS_DIR = REPO_ROOT / "models"
DEFAULT_CONFIG = PIPELINES_DIR / "default.yaml"


def load_yaml(path: Path) -> Any:
    """Read one YAML file, naming the file in any error."""
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: file not found") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from exc


@dataclass(frozen=True)
class StageSpec:
    """One entry of the ``stages`` list: a registered factory and its settings."""

    name: str
    factory: str
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PipelineConfig:
    """A parsed pipeline configuration.

    Attributes:
        path: The YAML file it came from (relative stage files resolve from it).
        name: Pipeline name written to ``model.pipeline``.
        version: Version written to ``model.version``.
        batch_size: Records per batch through the stages.
        limits: Input size limits (``max_turns``, ``max_chars``, ``max_turn_chars``).
        stages: The stages, in order.
    """

    path: Path
    name: str
    version: str
    batch_size: int
    limits: dict[str, int]
    stages: tuple[StageSpec, ...]

    def resolve(self, relative: str | Path) -> Path:
        """A path named in this config, resolved relative to the config file."""
        p = Path(relative)
        return p if p.is_absolute() else (self.path.parent / p).resolve()


def load_pipeline_config(path: Path | str | None = None) -> PipelineConfig:
    """Parse and validate a pipeline YAML file (``pipelines/default.yaml`` by default)."""
    p = Path(path) if path is not None else DEFAULT_CONFIG
    raw = load_yaml(p)
    if not isinstance(raw, dict):
        raise ConfigError(f"{p}: top level must be a mapping")
    stages_raw = raw.get("stages")
    if not isinstance(stages_raw, list) or not stages_raw:
        raise ConfigError(f"{p}: 'stages' must be a non-empty list")
    stages = []
    for i, item in enumerate(stages_raw):
        if not isinstance(item, dict) or "factory" not in item or "name" not in item:
            raise ConfigError(f"{p}: stages[{i}] needs 'name' and 'factory'")
        settings = item.get("settings") or {}
        if not isinstance(settings, dict):
            raise ConfigError(f"{p}: stages[{i}] ({item['name']}): 'settings' must be a mapping")
        stages.append(StageSpec(str(item["name"]), str(item["factory"]), settings))
    limits = raw.get("limits") or {}
    batch_size = raw.get("batch_size", 64)
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ConfigError(f"{p}: 'batch_size' must be a positive integer")
    return PipelineConfig(
        path=p.resolve(),
        name=str(raw.get("name", p.stem)),
        version=str(raw.get("version", "0")),
        batch_size=batch_size,
        limits={str(k): int(v) for k, v in limits.items()},
        stages=tuple(stages),
    )
