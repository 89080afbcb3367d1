"""JSON Lines writers for scored records and the errors file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any


class JsonlWriter:
    """Writes one JSON object per line (UTF-8, Chinese kept readable).

    Args:
        path: Output file; parent folders are created.
        append: Append instead of truncating (used when resuming a run).
    """

    def __init__(self, path: str | Path, append: bool = False) -> None:
        self.path = Path(path)
        self.append = append
        self.count = 0
        self._fh: IO[str] | None = None

    def open(self) -> JsonlWriter:
        """Open the file (idempotent)."""
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "a" if self.append else "w", encoding="utf-8", newline="\n")
        return self

    def write(self, obj: dict[str, Any]) -> None:
        """Write one object as a line."""
        if self._fh is None:
            self.open()
        assert self._fh is not None
        self._fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self.count += 1

    def close(self) -> None:
        """Flush and close."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> JsonlWriter:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()
