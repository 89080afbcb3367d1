"""Import of work-order closure times (CSV) for the complaint-timeliness KPI.

The file has a header row with an interaction id column (``id`` or
``interaction_id``) and a closure time column (``closed_at``, ``close_time``
or ``closed``), ISO 8601 (times without an offset are China Standard Time).
UTF-8 and GB18030/GBK files are read. A bad row is reported with its line
number and the problem, never its content, and the others are imported.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from triage.errors import Code, RecordError, UsageError
from triage.kpi.records import parse_time
from triage.kpi.tables import closures, ensure_kpi_tables, to_utc_naive

ID_COLUMNS = ("id", "interaction_id")
TIME_COLUMNS = ("closed_at", "close_time", "closed")


@dataclass
class ClosureImport:
    """Outcome of one import.

    Attributes:
        rows: ``(interaction id, closure time)`` parsed from the file.
        errors: Rows that could not be used.
        inserted: New closures stored.
        updated: Existing closures replaced.
        unknown: Ids not (yet) in the store (stored anyway).
    """

    rows: list[tuple[str, datetime]] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    inserted: int = 0
    updated: int = 0
    unknown: int = 0


def _decode(raw: bytes, source: str) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UsageError(f"{source}: cannot decode as UTF-8 or GB18030 ({Code.UNDECODABLE})")


def parse_closures(path: Path | str) -> ClosureImport:
    """Read a closures CSV.

    Raises:
        UsageError: unreadable file or no usable header.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise UsageError(f"{p}: cannot read ({exc.strerror})") from exc
    reader = csv.DictReader(io.StringIO(_decode(raw, str(p))))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    id_col = next((h for h in ID_COLUMNS if h in headers), None)
    time_col = next((h for h in TIME_COLUMNS if h in headers), None)
    if id_col is None or time_col is None:
        raise UsageError(
            f"{p}: header must name an id column ({'/'.join(ID_COLUMNS)}) "
            f"and a closure time column ({'/'.join(TIME_COLUMNS)})"
        )
    out = ClosureImport()
    for i, row in enumerate(reader, start=2):
        norm = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
        rid = norm.get(id_col, "")
        if not rid:
            out.errors.append(RecordError(str(p), i, Code.MISSING_ID, "no interaction id"))
            continue
        when = parse_time(norm.get(time_col))
        if when is None:
            out.errors.append(
                RecordError(str(p), i, Code.BAD_ROW, "closure time is not ISO 8601", id=rid)
            )
            continue
        out.rows.append((rid, when))
    return out


def import_closures(path: Path | str, db_url: str | None = None) -> ClosureImport:
    """Parse a closures CSV and upsert it into ``kpi_closures``.

    Args:
        path: The CSV file.
        db_url: Store URL (None: ``TRIAGE_DB_URL`` or ``./triage.db``).

    Returns:
        What was imported and what was not.
    """
    from triage.store.db import get_engine

    result = parse_closures(path)
    engine = get_engine(db_url)
    ensure_kpi_tables(engine)
    now = datetime.now(UTC).replace(tzinfo=None)
    source = Path(path).name[:200]
    with engine.begin() as conn:
        known: set[str] = set()
        from sqlalchemy import inspect

        if inspect(conn).has_table("interactions"):
            from triage.store.models import Interaction

            ids = list({rid for rid, _ in result.rows})
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                known.update(conn.scalars(select(Interaction.id).where(Interaction.id.in_(chunk))))
        for rid, when in result.rows:
            existing = conn.execute(
                select(closures.c.interaction_id).where(closures.c.interaction_id == rid)
            ).first()
            values = {"closed_at": to_utc_naive(when), "source": source, "imported_at": now}
            if existing:
                conn.execute(
                    closures.update().where(closures.c.interaction_id == rid).values(**values)
                )
                result.updated += 1
            else:
                conn.execute(closures.insert().values(interaction_id=rid, **values))
                result.inserted += 1
            if rid not in known:
                result.unknown += 1
    return result
