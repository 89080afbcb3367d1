"""Error codes users can search for (one place, like spaCy's ``Errors``).

Record-level errors go to the errors file as
``{"source", "line", "id", "error", "reason"}``; reasons never echo record text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class Code:
    """Stable error codes. Input problems are ``E1xx``, stage failures ``E2xx``."""

    INVALID_JSON = "E101"  # the line is not valid JSON
    NOT_AN_OBJECT = "E102"  # the JSON value is not an object
    MISSING_ID = "E103"  # no usable "id"
    MISSING_TURNS = "E104"  # no "turns" list
    BAD_CHANNEL = "E105"  # channel not call/chat
    BAD_SPEAKER = "E106"  # speaker not agent/customer/system
    BAD_TURN = "E107"  # a turn is not an object, text missing or not a string, bad times
    EMPTY_INTERACTION = "E108"  # no turn with text
    TOO_LARGE = "E109"  # over the configured size limits
    UNDECODABLE = "E110"  # the file's bytes cannot be decoded
    BAD_ROW = "E111"  # a CSV row is malformed
    BAD_FORMAT = "E112"  # an ASR/JSON document of an unknown shape
    DUPLICATE_ID = "E113"  # id already seen in this batch
    STAGE_FAILED = "E201"  # a pipeline stage raised on this record
    REDACTION_FAILED = "E202"  # redaction failed: the record's text is not written (fail closed)


@dataclass(frozen=True, slots=True)
class RecordError:
    """One line of the errors file. ``reason`` must never contain record text."""

    source: str
    line: int
    error: str
    reason: str
    id: str | None = None
    stage: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON object written to the errors file."""
        out: dict[str, Any] = {"source": self.source, "line": self.line}
        if self.id is not None:
            out["id"] = self.id
        out["error"] = self.error
        out["reason"] = self.reason
        if self.stage is not None:
            out["stage"] = self.stage
        return out


class ConfigError(ValueError):
    """A configuration file is invalid; the message names file, item and field."""


class UsageError(ValueError):
    """Unusable command-line arguments or unreadable input paths (exit 2)."""
