"""Input discovery and format dispatch: paths in, Docs and RecordErrors out, in order."""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from triage.errors import Code, RecordError, UsageError
from triage.io.asr import is_funasr, is_whisper, read_funasr, read_whisper
from triage.io.csv_turns import read_csv
from triage.io.encoding import HEAD_BYTES, UndecodableFileError, detect_encoding
from triage.io.jsonl import read_jsonl
from triage.io.options import ReaderOptions
from triage.io.validate import to_doc
from triage.stage import Doc

FORMATS = ("jsonl", "csv", "json")
_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".json": "json",
}
MAX_JSON_DOCUMENT_BYTES = 256 << 20
"""A ``.json`` document is parsed whole (ASR files are one call each)."""


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def detect_format(path: Path) -> str | None:
    """The input format of a path from its extension (``.gz`` allowed), or None."""
    return _SUFFIXES.get(_suffix(path))


def expand_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Check input paths and expand folders to their supported files (sorted).

    ``-`` stands for JSON Lines on standard input.

    Raises:
        UsageError: a path is missing, unreadable, of an unknown format, or a
            folder without supported files.
    """
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if str(raw) == "-":
            out.append(p)
            continue
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and detect_format(f) and not f.name.startswith(".")
            )
            if not found:
                raise UsageError(f"{raw}: folder has no .jsonl, .csv or .json files")
            out.extend(found)
            continue
        if not p.exists():
            raise UsageError(f"{raw}: no such file")
        if not p.is_file() or not os.access(p, os.R_OK):
            raise UsageError(f"{raw}: not a readable file")
        if detect_format(p) is None:
            raise UsageError(
                f"{raw}: unknown input format "
                "(expected .jsonl, .ndjson, .csv or .json, optionally .gz)"
            )
        out.append(p)
    if not out:
        raise UsageError("no input given")
    return out


@contextmanager
def _open(path: Path) -> Iterator[BinaryIO]:
    if str(path) == "-":
        yield sys.stdin.buffer
    elif path.suffix.lower() == ".gz":
        with gzip.open(path, "rb") as fh:
            yield fh  # type: ignore[misc]
    else:
        with open(path, "rb") as fh:
            yield fh


def _sniff_encoding(fh: BinaryIO) -> str:
    """Detect the encoding from the file's head, leaving the file at its start."""
    if fh.seekable():
        head = fh.read(HEAD_BYTES)
        fh.seek(0)
        return detect_encoding(head, complete=len(head) < HEAD_BYTES)
    # Standard input: look at what is buffered without consuming it.
    head = fh.peek(HEAD_BYTES)[:HEAD_BYTES] if hasattr(fh, "peek") else b""
    return detect_encoding(head, complete=False)


def read_file(path: Path, options: ReaderOptions) -> Iterator[Doc | RecordError]:
    """Read one input file of any supported format, in order."""
    source = str(path)
    fmt = "jsonl" if source == "-" else detect_format(path)
    with _open(path) as fh:
        try:
            if options.encoding:
                encoding = options.encoding
            else:
                encoding = _sniff_encoding(fh)
        except UndecodableFileError as exc:
            yield RecordError(source=source, line=0, error=Code.UNDECODABLE, reason=str(exc))
            return
        except OSError as exc:
            yield RecordError(
                source=source,
                line=0,
                error=Code.UNDECODABLE,
                reason=f"cannot read file ({type(exc).__name__})",
            )
            return
        if fmt == "csv":
            yield from read_csv(fh, source, encoding, options)
        elif fmt == "json":
            yield from _read_json_document(fh, source, encoding, options)
        else:
            yield from read_jsonl(fh, source, encoding, options)


def _read_json_document(
    fh: BinaryIO, source: str, encoding: str, options: ReaderOptions
) -> Iterator[Doc | RecordError]:
    raw = fh.read(MAX_JSON_DOCUMENT_BYTES + 1)
    if len(raw) > MAX_JSON_DOCUMENT_BYTES:
        yield RecordError(
            source=source,
            line=0,
            error=Code.TOO_LARGE,
            reason=f"JSON document over {MAX_JSON_DOCUMENT_BYTES} bytes; use JSON Lines",
        )
        return
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        yield RecordError(
            source=source, line=0, error=Code.UNDECODABLE, reason="not UTF-8 or GB18030/GBK text"
        )
        return
    if not text.strip():
        return
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        yield RecordError(
            source=source,
            line=exc.lineno,
            error=Code.INVALID_JSON,
            reason=f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
        )
        return
    if is_whisper(obj):
        yield from read_whisper(obj, source, options)
    elif is_funasr(obj):
        yield from read_funasr(obj, source, options)
    elif isinstance(obj, dict) and "turns" in obj:
        yield to_doc(obj, source, 1, options)
    elif isinstance(obj, list) and all(isinstance(i, dict) and "turns" in i for i in obj):
        # A JSON array of records: "line" is the 1-based position in the array.
        for n, item in enumerate(obj, start=1):
            yield to_doc(item, source, n, options)
    else:
        yield RecordError(
            source=source,
            line=1,
            error=Code.BAD_FORMAT,
            reason="JSON document is not a record, a list of records, "
            "a FunASR result or a Whisper transcript",
        )


def dedupe(items: Iterable[Doc | RecordError]) -> Iterator[Doc | RecordError]:
    """Turn repeated record ids into ``E113`` errors (the first one is kept).

    Holds the set of ids seen (ids only, not records).
    """
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Doc):
            if item.id in seen:
                yield RecordError(
                    source=item.source,
                    line=item.line,
                    id=item.id,
                    error=Code.DUPLICATE_ID,
                    reason="id already seen in this run",
                )
                continue
            seen.add(item.id)
        yield item


def read_inputs(
    paths: Iterable[str | Path], options: ReaderOptions | None = None, unique_ids: bool = True
) -> Iterator[Doc | RecordError]:
    """Stream every record of every input, in order.

    Args:
        paths: Files or folders (checked with :func:`expand_inputs` first).
        options: Reader options (limits, speaker map…).
        unique_ids: Report repeated ids as ``E113`` errors.
    """
    opts = options or ReaderOptions()
    files = expand_inputs(paths)

    def chain() -> Iterator[Doc | RecordError]:
        for f in files:
            yield from read_file(f, opts)

    return dedupe(chain()) if unique_ids else chain()


def estimate_records(paths: Iterable[Path]) -> int | None:
    """A quick count of the records in the inputs (for a progress bar), or None.

    JSON Lines: non-blank lines; CSV: changes of the id column; JSON documents:
    one each (a FunASR list or an array of records may hold more).
    """
    total = 0
    for path in paths:
        if str(path) == "-":
            return None
        fmt = detect_format(path)
        try:
            with _open(path) as fh:
                if fmt == "jsonl":
                    total += sum(1 for raw in fh if raw.strip())
                elif fmt == "csv":
                    total += _count_csv_ids(fh)
                else:
                    total += 1
        except OSError:
            return None
    return total


def _count_csv_ids(fh: BinaryIO) -> int:
    import csv
    import io

    text = io.TextIOWrapper(fh, encoding="gb18030", errors="replace", newline="")
    count, last = 0, None
    for n, row in enumerate(csv.reader(text)):
        if not row or (n == 0 and row[0].strip().lstrip("\ufeff").lower() == "id"):
            continue
        if row[0] != last:
            count += 1
            last = row[0]
    text.detach()
    return count
