"""Typed matchers, one per condition kind, and the builder that parses YAML into them.

A condition in YAML is a mapping with exactly one kind key (and optionally a
``label``)::

    {keywords: {...}}  {regex: {...}}  {similar: {...}}  {entity: {...}}
    {meta: {...}}      {anchor: {...}} {silence: {...}}  {overlap: {...}}
    {response_delay: {...}}  {speech_rate: {...}}  {repetition: {...}}
    {all: [...]}  {any: [...]}  {not: {...}}
"""

from __future__ import annotations

from typing import Any

from triage.qa.matchers.anchor import AnchorMatcher
from triage.qa.matchers.base import Condition, Where, mapping, read_label
from triage.qa.matchers.classifier import ClassifierMatcher
from triage.qa.matchers.entity import EntityMatcher
from triage.qa.matchers.keywords import KeywordMatcher
from triage.qa.matchers.logic import AllOf, AnyOf, NotOf
from triage.qa.matchers.meta import MetaMatcher
from triage.qa.matchers.regex import RegexMatcher
from triage.qa.matchers.repetition import RepetitionMatcher
from triage.qa.matchers.similarity import SimilarityMatcher
from triage.qa.matchers.timing import (
    OverlapMatcher,
    ResponseDelayMatcher,
    SilenceMatcher,
    SpeechRateMatcher,
)

#: Leaf matchers: kind -> class taking (raw, where).
LEAVES: dict[str, type[Condition]] = {
    cls.kind: cls
    for cls in (
        KeywordMatcher,
        RegexMatcher,
        SimilarityMatcher,
        EntityMatcher,
        MetaMatcher,
        SilenceMatcher,
        OverlapMatcher,
        ResponseDelayMatcher,
        SpeechRateMatcher,
        RepetitionMatcher,
        ClassifierMatcher,
    )
}
#: Composite matchers: kind -> class taking (raw, where, build).
COMPOSITES: dict[str, Any] = {c.kind: c for c in (AllOf, AnyOf, NotOf, AnchorMatcher)}
KINDS: tuple[str, ...] = tuple(sorted(LEAVES) + sorted(COMPOSITES))


def build_condition(raw: Any, where: Where) -> Condition:
    """Parse one YAML condition into its matcher, validating every field.

    Raises:
        ConfigError: naming the file, rule and field of the first problem.
    """
    body = mapping(raw, where)
    kinds = [k for k in body if k != "label"]
    if len(kinds) != 1:
        raise where.error(
            f"a condition needs exactly one kind key (one of {', '.join(KINDS)}), "
            f"got {kinds or 'none'}"
        )
    kind = kinds[0]
    sub = where.at(kind)
    if kind in LEAVES:
        cond = LEAVES[kind](body[kind], sub)
    elif kind in COMPOSITES:
        cond = COMPOSITES[kind](body[kind], sub, build_condition)
    else:
        raise where.error(f"unknown condition kind {kind!r}; use one of {', '.join(KINDS)}")
    cond.label = read_label(body, where)
    return cond


__all__ = ["Condition", "Where", "build_condition", "KINDS"]
