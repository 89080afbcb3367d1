"""Turns a parsed JSON object into an :class:`Interaction` or a :class:`RecordError`.

Every reader (JSONL, CSV, ASR) ends here, so the checks and their error codes
are the same whatever the input format. Reasons name the field and the turn
number, never the record's text (it may hold PII).
"""

from __future__ import annotations

import math
import re
from typing import Any

from triage.errors import Code, RecordError
from triage.io.options import ReaderOptions, canonical_speaker
from triage.schema import CHANNELS, Interaction, Turn
from triage.stage import Doc

MAX_ID_CHARS = 200
_SAFE_LABEL = re.compile(r"^[A-Za-z0-9_ .-]{1,24}$")


class InvalidRecord(Exception):
    """A record failed validation (code and PII-free reason)."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def record_id(obj: Any) -> str | None:
    """The record's id as a string when it has a usable one, else None."""
    if not isinstance(obj, dict):
        return None
    value = obj.get("id")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip() and len(value) <= MAX_ID_CHARS:
        if "\n" not in value and "\r" not in value:
            return value.strip()
    return None


def _label(value: Any) -> str:
    """A value safe to quote in an error reason (short ASCII labels only)."""
    if isinstance(value, str) and _SAFE_LABEL.match(value):
        return f" {value!r}"
    return ""


def _time(value: Any, what: str, n: int) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidRecord(Code.BAD_TURN, f"turn {n}: {what} must be a number of seconds")
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise InvalidRecord(
                Code.BAD_TURN, f"turn {n}: {what} must be a number of seconds"
            ) from None
    if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise InvalidRecord(
            Code.BAD_TURN, f"turn {n}: {what} must be a finite number of seconds >= 0"
        )
    return float(value)


def _turn(raw: Any, n: int, max_turn_chars: int) -> Turn:
    if not isinstance(raw, dict):
        raise InvalidRecord(Code.BAD_TURN, f"turn {n} is not an object")
    speaker = canonical_speaker(raw.get("speaker"))
    if speaker is None:
        raise InvalidRecord(
            Code.BAD_SPEAKER,
            f"turn {n}: unknown speaker{_label(raw.get('speaker'))}; "
            "expected agent, customer or system",
        )
    text = raw.get("text")
    if not isinstance(text, str):
        raise InvalidRecord(Code.BAD_TURN, f"turn {n}: 'text' missing or not a string")
    if len(text) > max_turn_chars:
        raise InvalidRecord(
            Code.TOO_LARGE, f"turn {n}: {len(text)} characters (limit {max_turn_chars})"
        )
    start = _time(raw.get("start"), "start", n)
    end = _time(raw.get("end"), "end", n)
    if start is not None and end is not None and end < start:
        raise InvalidRecord(Code.BAD_TURN, f"turn {n}: end is before start")
    return Turn(speaker=speaker, text=text, start=start, end=end)


def to_interaction(
    obj: Any, options: ReaderOptions, default_channel: str | None = None
) -> Interaction:
    """Validate one input object (SPEC §2).

    Args:
        obj: The parsed JSON value.
        options: Limits and defaults.
        default_channel: Channel when the record has none (overrides ``options.channel``).

    Raises:
        InvalidRecord: with the error code and a reason free of record text.
    """
    if not isinstance(obj, dict):
        raise InvalidRecord(Code.NOT_AN_OBJECT, f"expected a JSON object, got {type(obj).__name__}")
    rid = record_id(obj)
    if rid is None:
        if obj.get("id") in (None, ""):
            raise InvalidRecord(Code.MISSING_ID, "no 'id'")
        raise InvalidRecord(
            Code.MISSING_ID,
            f"'id' must be a non-empty string or integer of at most {MAX_ID_CHARS} characters",
        )
    turns_raw = obj.get("turns")
    if not isinstance(turns_raw, list):
        raise InvalidRecord(Code.MISSING_TURNS, "no 'turns' list")
    channel = obj.get("channel")
    if channel is None:
        channel = default_channel or options.channel
        if channel is None:
            raise InvalidRecord(Code.BAD_CHANNEL, "no 'channel' (expected call or chat)")
    if not isinstance(channel, str) or channel.strip().lower() not in CHANNELS:
        raise InvalidRecord(
            Code.BAD_CHANNEL, f"channel{_label(channel)} is not one of {', '.join(CHANNELS)}"
        )
    channel = channel.strip().lower()
    max_turns = options.limit("max_turns")
    if len(turns_raw) > max_turns:
        raise InvalidRecord(Code.TOO_LARGE, f"{len(turns_raw)} turns (limit {max_turns})")
    max_turn_chars = options.limit("max_turn_chars")
    turns = tuple(_turn(t, i, max_turn_chars) for i, t in enumerate(turns_raw))
    if not any(t.text.strip() for t in turns):
        raise InvalidRecord(Code.EMPTY_INTERACTION, "no turn with text")
    total = sum(len(t.text) for t in turns)
    max_chars = options.limit("max_chars")
    if total > max_chars:
        raise InvalidRecord(Code.TOO_LARGE, f"{total} characters in all turns (limit {max_chars})")
    extra = {k: v for k, v in obj.items() if k not in ("id", "channel", "turns")}
    return Interaction(id=rid, channel=channel, turns=turns, extra=extra)


def to_doc(
    obj: Any,
    source: str,
    line: int,
    options: ReaderOptions,
    default_channel: str | None = None,
) -> Doc | RecordError:
    """Validate one object into a :class:`Doc`, or the :class:`RecordError` saying why not."""
    try:
        inter = to_interaction(obj, options, default_channel)
    except InvalidRecord as exc:
        return RecordError(
            source=source, line=line, id=record_id(obj), error=exc.code, reason=exc.reason
        )
    return Doc(interaction=inter, source=source, line=line)
