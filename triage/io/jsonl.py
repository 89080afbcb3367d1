"""JSON Lines reader: one interaction per line (SPEC §2)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from triage.errors import Code, RecordError
from triage.io.encoding import Line, iter_lines
from triage.io.options import ReaderOptions
from triage.io.validate import to_doc
from triage.stage import Doc


def line_error(source: str, line: Line, options: ReaderOptions) -> RecordError:
    """The error for a line that could not be read (undecodable or over the size limit)."""
    if line.problem == "too_long":
        return RecordError(
            source=source,
            line=line.number,
            error=Code.TOO_LARGE,
            reason=f"line longer than {options.max_record_bytes} bytes",
        )
    return RecordError(
        source=source,
        line=line.number,
        error=Code.UNDECODABLE,
        reason="line is not valid UTF-8 or GB18030 text",
    )


def read_jsonl(
    fh: BinaryIO, source: str, encoding: str, options: ReaderOptions
) -> Iterator[Doc | RecordError]:
    """Yield a Doc or a RecordError for every non-blank line, in order.

    Args:
        fh: The file in binary mode.
        source: Name used in errors and on each Doc.
        encoding: From :func:`triage.io.encoding.detect_encoding`.
        options: Limits and defaults.
    """
    for line in iter_lines(fh, encoding, options.max_record_bytes):
        if line.text is None:
            yield line_error(source, line, options)
            continue
        if not line.text.strip():
            continue
        try:
            obj = json.loads(line.text)
        except json.JSONDecodeError as exc:
            # exc.msg names the syntax problem only; the line itself is never quoted.
            yield RecordError(
                source=source,
                line=line.number,
                error=Code.INVALID_JSON,
                reason=f"not valid JSON: {exc.msg} at column {exc.colno}",
            )
            continue
        yield to_doc(obj, source, line.number, options)
