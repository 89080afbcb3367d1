"""``route`` stage: assigns ``doc.route`` from the routing policy (SPEC §8)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import ClassVar

from triage.config import PIPELINES_DIR, PipelineConfig
from triage.route.facts import facts_from_doc
from triage.route.policy import RoutingPolicy
from triage.stage import Doc, Stage


class RouteStage(Stage):
    """Routes each interaction with the ordered rules of ``routing.yaml``.

    Args:
        config: The pipeline configuration (the policy path resolves from it).
        policy: Routing policy file (default ``routing.yaml`` beside the config).
    """

    name: ClassVar[str] = "route"
    requires: ClassVar[tuple[str, ...]] = ("intent", "severity", "qa")
    assigns: ClassVar[tuple[str, ...]] = ("route",)

    def __init__(self, config: PipelineConfig | None = None, policy: str = "routing.yaml") -> None:
        self.config = config
        self.policy_path = config.resolve(policy) if config else PIPELINES_DIR / policy
        self.policy: RoutingPolicy | None = None

    def setup(self) -> None:
        """Load and validate the policy (a bad policy fails here, before any record)."""
        if self.policy is None:
            self.policy = RoutingPolicy.from_yaml(Path(self.policy_path))

    def process(self, doc: Doc) -> None:
        """Assign ``doc.route``."""
        if self.policy is None:
            self.setup()
        assert self.policy is not None
        facts = facts_from_doc(doc)
        if facts.segment is None and self.policy.stated_segments:
            turns = doc.redacted if doc.redacted is not None else doc.interaction.turns
            said = [t.text for t in turns if t.speaker == "customer"]
            segment = self.policy.stated_segment(said)
            if segment is not None:
                facts = dataclasses.replace(facts, segment=segment, segment_stated=True)
        doc.route = self.policy.decide(facts)
