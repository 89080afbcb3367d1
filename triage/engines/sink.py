"""Where an engine's results go: output file, errors file, summary, progress."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from triage.errors import RecordError
from triage.io.writers import JsonlWriter
from triage.summary import RunSummary

ProgressFn = Callable[[int], None]
"""Called with the number of records (scored + errors) just completed."""


class ResultSink:
    """Writes results in the order given and counts them.

    Args:
        out: Scored records file (JSONL).
        errors: Errors file (JSONL).
        append: Append to both files (resuming) instead of truncating.
        progress: Optional callback after each result.
        record_hook: Optional callback with every scored record (e.g. a DB writer).
    """

    def __init__(
        self,
        out: str | Path,
        errors: str | Path,
        append: bool = False,
        progress: ProgressFn | None = None,
        record_hook: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.out = JsonlWriter(out, append=append)
        self.errors = JsonlWriter(errors, append=append)
        self.summary = RunSummary()
        self.progress = progress
        self.record_hook = record_hook
        self._t0 = time.perf_counter()

    def __enter__(self) -> ResultSink:
        self.out.open()
        self.errors.open()
        self._t0 = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close both files and stamp the run time."""
        self.out.close()
        self.errors.close()
        self.summary.seconds = time.perf_counter() - self._t0

    def put(self, result: dict[str, Any] | RecordError) -> None:
        """Write one result (a SPEC §3 record or an error)."""
        if isinstance(result, RecordError):
            self.errors.write(result.to_dict())
            self.summary.add_error(result)
        else:
            self.out.write(result)
            self.summary.add_record(result)
            if self.record_hook is not None:
                self.record_hook(result)
        if self.progress is not None:
            self.progress(1)

    def skip(self) -> None:
        """Count a record skipped without scoring (already in the output)."""
        self.summary.skipped += 1
        if self.progress is not None:
            self.progress(1)
