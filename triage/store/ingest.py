"""Writing scored SPEC §3 records into the store and filling the review queue.

Only redacted output records are accepted (a record without its ``pii`` list
is refused: it did not go through redaction). Records are upserted by ``id``:
running the same input again updates the rows instead of duplicating them.
Flagged records get a review item; a deterministic share of the unflagged
ones (setting ``sampling_share``, decided from a hash of the id so a rerun
makes the same choice) is sampled for calibration.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from triage.store.db import ensure_schema, refresh_statistics, session_scope
from triage.store.models import Check, Interaction, ReviewItem, Verdict, utcnow
from triage.store.settings import get_setting

BATCH_SIZE = 500
#: Refresh the planner statistics after writing at least this many records.
ANALYZE_AFTER = 1000


class IngestError(ValueError):
    """A record cannot be stored; the message names the record id, never its text."""


def _batched(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 time as naive UTC (times without an offset are taken as UTC)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt


def sampled(record_id: str, share: float) -> bool:
    """Whether an unflagged record falls into the calibration sample (stable per id)."""
    if share <= 0:
        return False
    h = int.from_bytes(hashlib.sha256(record_id.encode("utf-8")).digest()[:8], "big")
    return h / 2**64 < share


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def interaction_row(record: dict[str, Any]) -> dict[str, Any]:
    """The column values of the ``interactions`` row for one output record.

    Raises:
        IngestError: the record has no id or was not redacted.
    """
    rid = record.get("id") if isinstance(record, dict) else None
    if not isinstance(rid, str) or not rid:
        raise IngestError("record without a usable id")
    if not isinstance(record.get("pii"), list) or not isinstance(record.get("turns"), list):
        raise IngestError(f"record {rid}: not a redacted output record (no pii/turns list)")
    intent = _dict(record.get("intent"))
    severity = _dict(record.get("severity"))
    qa = _dict(record.get("qa"))
    route = _dict(record.get("route"))
    review = _dict(record.get("review"))
    model = _dict(record.get("model"))
    agent = _dict(record.get("agent"))
    customer = _dict(record.get("customer"))
    reasons = [str(r) for r in review.get("reasons") or []]
    return {
        "id": rid,
        "channel": str(record.get("channel") or ""),
        "agent_id": str(agent["id"]) if agent.get("id") is not None else None,
        "segment": customer.get("segment") if isinstance(customer.get("segment"), str) else None,
        "started_at": parse_time(record.get("started_at")),
        "intent": intent.get("label"),
        "intent_confidence": intent.get("confidence"),
        "severity": severity.get("level"),
        "queue": route.get("queue"),
        "priority": route.get("priority"),
        "sla_minutes": route.get("sla_minutes"),
        "escalate": bool(route.get("escalate", False)),
        "qa_score": qa.get("score"),
        "passed": qa.get("passed"),
        "red_line": bool(qa.get("red_line", False)),
        "flagged": bool(review.get("flagged", False)),
        "flag_reasons": ("|" + "|".join(reasons) + "|") if reasons else "",
        "pipeline": model.get("pipeline"),
        "pipeline_version": model.get("version"),
        "record": record,
    }


def check_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``checks`` rows of one output record (one per rule)."""
    rows: dict[str, dict[str, Any]] = {}
    for c in _dict(record.get("qa")).get("checks") or []:
        if not isinstance(c, dict) or not c.get("rule"):
            continue
        rows[str(c["rule"])] = {
            "interaction_id": record["id"],
            "rule": str(c["rule"]),
            "passed": bool(c.get("passed", True)),
            "deduction": int(c.get("deduction") or 0),
            "red_line": bool(c.get("red_line", False)),
            "dimension": c.get("dimension"),
            "name": c.get("name"),
            "evidence": list(c.get("evidence") or []),
            "expected": c.get("expected"),
        }
    return list(rows.values())


def _ingest_chunk(session: Session, chunk: list[dict[str, Any]], share: float) -> int:
    by_id: dict[str, dict[str, Any]] = {}
    for record in chunk:
        row = interaction_row(record)
        by_id[row["id"]] = row  # the last occurrence of an id wins
    ids = list(by_id)
    existing = set(session.scalars(select(Interaction.id).where(Interaction.id.in_(ids))))
    now = utcnow()
    new_rows = [
        dict(r, ingested_at=now, updated_at=now) for i, r in by_id.items() if i not in existing
    ]
    upd_rows = [dict(r, updated_at=now) for i, r in by_id.items() if i in existing]
    # Core statements on the tables: ORM bulk persistence costs several times more per row.
    table = Interaction.__table__
    if new_rows:
        session.execute(table.insert(), new_rows)
    if upd_rows:
        cols = [c for c in upd_rows[0] if c != "id"]
        stmt = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values({c: bindparam(c) for c in cols})
        )
        session.execute(stmt, [dict(r, b_id=r["id"]) for r in upd_rows])
        session.execute(delete(Check.__table__).where(Check.interaction_id.in_(list(existing))))
    checks = [c for r in by_id.values() for c in check_rows(r["record"])]
    if checks:
        session.execute(Check.__table__.insert(), checks)

    items = {
        it.interaction_id: it
        for it in session.scalars(select(ReviewItem).where(ReviewItem.interaction_id.in_(ids)))
    }
    reviewed = set(
        session.scalars(select(Verdict.interaction_id).where(Verdict.interaction_id.in_(ids)))
    )
    for rid, row in by_id.items():
        item = items.get(rid)
        if row["flagged"]:
            if item is None:
                session.add(
                    ReviewItem(
                        interaction_id=rid, source="flagged", status="pending", enqueued_at=now
                    )
                )
            elif item.source != "flagged":
                item.source = "flagged"
        elif item is None:
            if sampled(rid, share):
                session.add(
                    ReviewItem(
                        interaction_id=rid, source="sample", status="pending", enqueued_at=now
                    )
                )
        elif (
            item.source == "flagged"
            and item.status == "pending"
            and rid not in reviewed
            and not sampled(rid, share)
        ):
            # re-scored and no longer flagged, nobody has touched it yet
            session.delete(item)
    session.flush()
    return len(chunk)


def ingest_records(url: str | None, records: Iterable[dict[str, Any]]) -> int:
    """Upsert scored, redacted SPEC §3 records and enqueue the flagged ones.

    The schema is created or upgraded first. Records are written in batches;
    each batch is one transaction.

    Args:
        url: Database URL (None: ``TRIAGE_DB_URL`` or ``./triage.db``).
        records: Output records as produced by :func:`triage.output.to_output_record`.

    Returns:
        The number of records written (duplicates of an id in the input count once each).

    Raises:
        IngestError: a record has no id or is not a redacted output record.
    """
    resolved = ensure_schema(url)
    total = 0
    with session_scope(resolved) as session:
        share = float(get_setting(session, "sampling_share"))
    for chunk in _batched(records, BATCH_SIZE):
        with session_scope(resolved) as session:
            total += _ingest_chunk(session, chunk, share)
    if total >= ANALYZE_AFTER:
        refresh_statistics(resolved)
    return total


def apply_sampling(session: Session, share: float) -> int:
    """Queue the stored unflagged interactions that fall in a (new) sampling share.

    Called when the ``sampling_share`` setting changes; the draw is the same as
    at ingest, so raising the share only adds items and nothing is drawn twice.

    Returns:
        The number of interactions added to the queue.
    """
    if share <= 0:
        return 0
    queued = select(ReviewItem.interaction_id)
    ids = session.scalars(
        select(Interaction.id).where(Interaction.flagged.is_(False), Interaction.id.not_in(queued))
    )
    now = utcnow()
    added = [
        {"interaction_id": rid, "source": "sample", "status": "pending", "enqueued_at": now}
        for rid in ids
        if sampled(rid, share)
    ]
    if added:
        session.execute(insert(ReviewItem), added)
    session.flush()
    return len(added)
