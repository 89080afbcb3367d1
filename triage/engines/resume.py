"""Resuming a killed run: repair the files it left, then skip what is already written.

A run writes results in input order to the output and the errors file. A
killed run leaves a prefix of each, possibly with a partial last line (the
process died in the middle of a buffered write). :func:`prepare_resume`
truncates that partial line, then collects what is already there:

- ids of scored records (output file) and of records a pipeline stage failed
  on (errors with a ``stage``): the engine skips those records;
- ``(source, line)`` of reader errors (invalid JSON, bad fields, duplicate
  ids): the engine skips those errors instead of writing them again.

Everything else is scored and appended, so after the resumed run the files
hold each input record exactly once, in the same order as an uninterrupted
run. Resume with the same inputs, named the same way (``source`` is the path
as given).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from triage.errors import UsageError


@dataclass
class ResumeState:
    """What a previous run already wrote; ``key in state`` says whether to skip.

    Keys are record ids (``str``) for records that reached the pipeline and
    ``(source, line)`` tuples for reader errors.
    """

    ids: set[str] = field(default_factory=set)
    error_keys: set[tuple[str, int]] = field(default_factory=set)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            return key in self.ids
        return key in self.error_keys

    def __len__(self) -> int:
        return len(self.ids) + len(self.error_keys)


def repair_jsonl(path: Path) -> int:
    """Truncate a partial last line (no final newline) left by a killed writer.

    Returns:
        The number of bytes removed (0 when the file ends with a newline or is absent).
    """
    if not path.exists():
        return 0
    size = path.stat().st_size
    if size == 0:
        return 0
    with open(path, "rb+") as fh:
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return 0
        # Walk back to the last newline in chunks; lines can be long.
        pos = size
        keep = 0
        while pos > 0:
            step = min(1 << 16, pos)
            pos -= step
            fh.seek(pos)
            chunk = fh.read(step)
            nl = chunk.rfind(b"\n")
            if nl >= 0:
                keep = pos + nl + 1
                break
        fh.truncate(keep)
        fh.flush()
        os.fsync(fh.fileno())
    return size - keep


def _objects(path: Path) -> Iterator[dict[str, Any]]:
    if not path.exists():
        return
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                raise UsageError(
                    f"--resume: {path} line {n} is not valid JSON; the file is not "
                    "one this tool wrote or it was edited"
                ) from None
            if not isinstance(obj, dict):
                raise UsageError(f"--resume: {path} line {n} is not a JSON object")
            yield obj


def load_resume_state(out: Path, errors: Path) -> ResumeState:
    """Read the ids and error positions already written (files must be repaired first)."""
    state = ResumeState()
    for rec in _objects(out):
        if "id" not in rec:
            raise UsageError(f"--resume: {out} holds a record without an id")
        state.ids.add(str(rec["id"]))
    for err in _objects(errors):
        if err.get("stage") and err.get("id") is not None:
            state.ids.add(str(err["id"]))
        else:
            state.error_keys.add((str(err.get("source")), int(err.get("line", 0))))
    return state


def prepare_resume(out: Path, errors: Path) -> ResumeState | None:
    """Repair both files and return what to skip, or None when there is nothing to resume."""
    if not out.exists() and not errors.exists():
        return None
    repair_jsonl(out)
    repair_jsonl(errors)
    return load_resume_state(out, errors)
