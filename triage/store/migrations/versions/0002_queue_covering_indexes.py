"""Covering indexes for the review queue (fast with 100k+ interactions).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 11:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COVER = [
    "id",
    "severity",
    "started_at",
    "qa_score",
    "priority",
    "queue",
    "intent",
    "agent_id",
    "flag_reasons",
]


def upgrade() -> None:
    """Add the covering indexes."""
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.create_index("ix_interactions_queue_cover", COVER, unique=False)
        batch_op.create_index(
            "ix_interactions_flagged_reasons", ["flagged", "flag_reasons"], unique=False
        )


def downgrade() -> None:
    """Drop the covering indexes."""
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_index("ix_interactions_flagged_reasons")
        batch_op.drop_index("ix_interactions_queue_cover")
