"""Chinese PII redaction on presidio-analyzer (SPEC §3-4).

Python API::

    from triage.redact import redact_text
    result = redact_text("我的手机是幺三八一二三四五六七八")
    result.text       # '我的手机是<PHONE_NUMBER>'
    result.entities   # (Entity(turn=0, start=5, end=16, type='PHONE_NUMBER', ...),)

Importing this package does not import presidio or load models; the first
call builds a shared :class:`~triage.redact.redactor.Redactor`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from triage.schema import Entity, Turn

if TYPE_CHECKING:
    from triage.redact.redactor import Redactor

__all__ = ["RedactionResult", "redact_text", "redact_texts", "redact_turns", "get_redactor"]

_lock = threading.Lock()
_default: Redactor | None = None


@dataclass(frozen=True, slots=True)
class RedactionResult:
    """Redacted text and the entities found (offsets into the original text)."""

    text: str
    entities: tuple[Entity, ...]


def get_redactor() -> Redactor:
    """The shared redactor built from ``pipelines/redact.yaml`` (loaded once)."""
    global _default
    with _lock:
        if _default is None:
            from triage.redact.redactor import Redactor

            r = Redactor()
            r.setup()
            _default = r
        return _default


def redact_texts(texts: Sequence[str], redactor: Redactor | None = None) -> list[RedactionResult]:
    """Redact independent texts (each its own one-turn interaction), batched."""
    r = redactor or get_redactor()
    res = r.redact_batch([((Turn("customer", t),), None) for t in texts])
    return [RedactionResult(x.turns[0].text, x.entities) for x in res]


def redact_text(text: str, redactor: Redactor | None = None) -> RedactionResult:
    """Redact one text."""
    return redact_texts([text], redactor)[0]


def redact_turns(
    turns: Sequence[Turn], redactor: Redactor | None = None
) -> tuple[tuple[Turn, ...], tuple[Entity, ...]]:
    """Redact the turns of one interaction; returns redacted turns and entities."""
    r = redactor or get_redactor()
    res = r.redact_batch([(turns, None)])[0]
    return res.turns, res.entities
