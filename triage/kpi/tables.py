"""The KPI module's own tables in the review-store database.

Kept in a separate ``MetaData`` (created with ``checkfirst``) so they do not
touch the store's migrations: ``kpi_closures`` holds imported work-order
closure times (ids and times only), ``kpi_alerts`` the surge alerts shown in
the review app's banner (figures, ids and already-redacted example snippets).
Times are naive UTC like every store table.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

KPI_METADATA = MetaData()

closures = Table(
    "kpi_closures",
    KPI_METADATA,
    Column("interaction_id", String(200), primary_key=True),
    Column("closed_at", DateTime, nullable=False),
    Column("source", String(200), nullable=False, default=""),
    Column("imported_at", DateTime, nullable=False),
)

alerts = Table(
    "kpi_alerts",
    KPI_METADATA,
    Column("key", String(200), primary_key=True),
    Column("dimension", String(20), nullable=False),
    Column("label", String(60), nullable=False),
    Column("since", DateTime, nullable=False),
    Column("last_hour", DateTime, nullable=False),
    Column("observed", Integer, nullable=False),
    Column("expected", Float, nullable=False),
    Column("p_value", Float, nullable=False),
    Column("total_observed", Integer, nullable=False),
    Column("total_expected", Float, nullable=False),
    Column("message", Text, nullable=False),
    Column("examples", JSON, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("acknowledged", Boolean, nullable=False, default=False),
)


def to_utc_naive(dt: datetime) -> datetime:
    """An aware datetime as naive UTC (the store's convention)."""
    if dt.tzinfo is None:
        return dt
    return dt.astimezone(UTC).replace(tzinfo=None)


def from_utc_naive(dt: datetime) -> datetime:
    """A stored naive-UTC datetime as an aware one."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


def ensure_kpi_tables(engine: Engine) -> None:
    """Create the KPI tables where missing (idempotent)."""
    KPI_METADATA.create_all(engine, checkfirst=True)
