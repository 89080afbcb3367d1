"""Every stage factory, registered in one place.

Names are versioned (``triage.redact.v1``) so old configs keep working when a
stage changes shape. Values are ``module:Class`` strings, imported only when a
pipeline names them: the fast path never imports torch.
``tests/test_registrations.py`` snapshots this table so nothing disappears
silently.
"""

from __future__ import annotations

import importlib
from typing import Any

from triage.errors import ConfigError

STAGES: dict[str, str] = {
    "triage.normalize.v1": "triage.normalize:NormalizeStage",
    "triage.redact.v1": "triage.redact.stage:RedactStage",
    "triage.classify.intent.v1": "triage.classify.stage:IntentStage",
    "triage.classify.severity.v1": "triage.classify.severity:SeverityStage",
    "triage.qa.v1": "triage.qa.stage:QAStage",
    "triage.route.v1": "triage.route.stage:RouteStage",
    "triage.review_flag.v1": "triage.review_flag:ReviewFlagStage",
}


def resolve_stage(factory: str) -> Any:
    """Import and return the stage class registered as ``factory``.

    ``factory`` is a registered name or, for custom and test-only stages, a
    ``module:Class`` import path.
    """
    target = STAGES.get(factory)
    if target is None and ":" in factory:
        target = factory
    if target is None:
        known = ", ".join(sorted(STAGES))
        raise ConfigError(f"unknown stage factory {factory!r}; known: {known}")
    module_name, _, attr = target.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attr)
