"""CSV reader: one row per turn, consecutive rows with the same id form a record.

Columns (header row recommended, any order; without a header the first six
columns are taken in this order): ``id, channel, speaker, text, start, end``.
Optional record-level columns: ``started_at``, ``agent_id`` (→ ``agent.id``),
``customer_segment`` (→ ``customer.segment``). Other columns are ignored.

A record's line number is the line of its first row. A malformed row without
an id is an error of its own (``E111``); a malformed row of a record makes the
whole record an error, so a partly read interaction is never scored.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from triage.errors import Code, RecordError
from triage.io.encoding import iter_lines
from triage.io.jsonl import line_error
from triage.io.options import ReaderOptions
from triage.io.validate import to_doc
from triage.stage import Doc

COLUMNS = ("id", "channel", "speaker", "text", "start", "end")
RECORD_COLUMNS = ("started_at", "agent_id", "customer_segment")
_REQUIRED = ("id", "speaker", "text")


@dataclass
class _Group:
    """Rows of one record being collected."""

    id: str
    line: int
    channel: str | None = None
    turns: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    problem: tuple[str, str] | None = None  # (code, reason) of the first bad row

    def to_object(self) -> dict[str, Any]:
        obj: dict[str, Any] = {"id": self.id}
        if self.channel:
            obj["channel"] = self.channel
        obj.update(self.extra)
        obj["turns"] = self.turns
        return obj


def _header(row: list[str]) -> dict[str, int] | None:
    names = [c.strip().lstrip("\ufeff").lower() for c in row]
    if not all(r in names for r in _REQUIRED):
        return None
    return {name: i for i, name in enumerate(names) if name}


def read_csv(
    fh: BinaryIO, source: str, encoding: str, options: ReaderOptions
) -> Iterator[Doc | RecordError]:
    """Yield a Doc or RecordError per record (group of consecutive rows with one id)."""
    pending: list[RecordError] = []

    def decoded() -> Iterator[str]:
        for line in iter_lines(fh, encoding, options.max_record_bytes):
            if line.text is None:
                pending.append(line_error(source, line, options))
                yield "\n"  # keep csv's line count in step with the file
            else:
                yield line.text

    reader = csv.reader(decoded())
    columns: dict[str, int] | None = None
    group: _Group | None = None
    last_line = 0
    first = True
    for row in reader:
        row_line = last_line + 1
        last_line = reader.line_num
        lost_lines = bool(pending)
        for err in pending:
            yield err
        pending.clear()
        if not row or not any(c.strip() for c in row):
            continue
        if first:
            first = False
            columns = _header(row)
            if columns is not None:
                continue
            columns = {name: i for i, name in enumerate(COLUMNS)}
        assert columns is not None
        cells = {name: (row[i] if i < len(row) else None) for name, i in columns.items()}
        rid = (cells.get("id") or "").strip()
        if not rid:
            yield RecordError(
                source=source, line=row_line, error=Code.MISSING_ID, reason="row has no id"
            )
            continue
        if group is not None and group.id != rid:
            yield _finish(group, source, options)
            group = None
        if group is None:
            group = _Group(id=rid, line=row_line)
        elif lost_lines and group.problem is None:
            # A line inside this record could not be decoded: never score it partly.
            group.problem = (Code.UNDECODABLE, f"a line before line {row_line} is undecodable")
        missing = [c for c in _REQUIRED if cells.get(c) is None]
        if missing and group.problem is None:
            group.problem = (
                Code.BAD_ROW,
                f"row at line {row_line} has {len(row)} columns; missing {', '.join(missing)}",
            )
            continue
        channel = (cells.get("channel") or "").strip()
        if channel and group.channel is None:
            group.channel = channel
        elif channel and channel != group.channel and group.problem is None:
            group.problem = (Code.BAD_ROW, f"row at line {row_line} changes the channel")
        for col in RECORD_COLUMNS:
            value = (cells.get(col) or "").strip()
            if value:
                _set_extra(group.extra, col, value)
        group.turns.append(
            {
                "speaker": cells.get("speaker"),
                "text": cells.get("text"),
                "start": cells.get("start"),
                "end": cells.get("end"),
            }
        )
    for err in pending:
        yield err
    if group is not None:
        yield _finish(group, source, options)


def _set_extra(extra: dict[str, Any], column: str, value: str) -> None:
    if column == "agent_id":
        extra.setdefault("agent", {})["id"] = value
    elif column == "customer_segment":
        extra.setdefault("customer", {})["segment"] = value
    else:
        extra.setdefault(column, value)


def _finish(group: _Group, source: str, options: ReaderOptions) -> Doc | RecordError:
    if group.problem is not None:
        code, reason = group.problem
        return RecordError(source=source, line=group.line, id=group.id, error=code, reason=reason)
    return to_doc(group.to_object(), source, group.line, options)
