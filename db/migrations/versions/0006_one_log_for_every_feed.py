"""one log for every feed

The café's event log becomes the first user of a log every live feed shares: `feed_events`
holds each feed's events by (feed, key, seq), and `feed_positions` the last seq of each key
(before, `cafe_events` and `cafe_sessions.last_seq`). Events move over with their seq, so a
subscriber's afterSeq stays good; participant snapshots logged before hosts' seats were told
apart say `hosting: false`, so that every entry has the shape its kind's payload has now.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CAFE_FEED = "cafe.session"
BATCH = 1000


def _upgraded(stored: Any) -> dict[str, Any]:
    payload: dict[str, Any] = dict(stored)
    participant = payload.get("participant")
    if isinstance(participant, dict) and "hosting" not in participant:
        payload["participant"] = {**participant, "hosting": False}
    return payload


def upgrade() -> None:
    positions = op.create_table(
        "feed_positions",
        sa.Column("feed", sa.String(length=40), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("feed", "key", name=op.f("pk_feed_positions")),
    )
    events = op.create_table(
        "feed_events",
        sa.Column("feed", sa.String(length=40), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("subject", sa.String(length=60), nullable=True),
        sa.PrimaryKeyConstraint("feed", "key", "seq", name=op.f("pk_feed_events")),
    )
    op.create_index("ix_feed_events_subject", "feed_events", ["feed", "subject"], unique=False)

    bind = op.get_bind()
    old_events = sa.table(
        "cafe_events",
        sa.column("session_id", sa.Integer()),
        sa.column("seq", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("payload", sa.JSON()),
        sa.column("note_id", sa.Integer()),
    )
    rows = bind.execute(
        sa.select(old_events).order_by(old_events.c.session_id, old_events.c.seq)
    ).all()
    for start in range(0, len(rows), BATCH):
        op.bulk_insert(
            events,
            [
                {
                    "feed": CAFE_FEED,
                    "key": row.session_id,
                    "seq": row.seq,
                    "kind": row.kind,
                    "at": row.at,
                    "payload": _upgraded(row.payload),
                    "subject": f"note:{row.note_id}" if row.note_id is not None else None,
                }
                for row in rows[start : start + BATCH]
            ],
        )
    sessions = sa.table(
        "cafe_sessions", sa.column("id", sa.Integer()), sa.column("last_seq", sa.Integer())
    )
    op.bulk_insert(
        positions,
        [
            {"feed": CAFE_FEED, "key": row.id, "last_seq": row.last_seq}
            for row in bind.execute(sa.select(sessions).where(sessions.c.last_seq > 0))
        ],
    )
    with op.batch_alter_table("cafe_events") as batch:
        batch.drop_index("ix_cafe_events_note_id")
    op.drop_table("cafe_events")
    with op.batch_alter_table("cafe_sessions") as batch:
        batch.drop_column("last_seq")


def downgrade() -> None:
    with op.batch_alter_table("cafe_sessions") as batch:
        batch.add_column(
            sa.Column("last_seq", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
    old_events = op.create_table(
        "cafe_events",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["cafe_sessions.id"],
            name=op.f("fk_cafe_events_session_id_cafe_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "seq", name=op.f("pk_cafe_events")),
    )
    with op.batch_alter_table("cafe_events") as batch:
        batch.create_index(batch.f("ix_cafe_events_note_id"), ["note_id"], unique=False)
    bind = op.get_bind()
    events = sa.table(
        "feed_events",
        sa.column("feed", sa.String()),
        sa.column("key", sa.Integer()),
        sa.column("seq", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("payload", sa.JSON()),
        sa.column("subject", sa.String()),
    )
    rows = bind.execute(sa.select(events).where(events.c.feed == CAFE_FEED)).all()
    op.bulk_insert(
        old_events,
        [
            {
                "session_id": row.key,
                "seq": row.seq,
                "kind": row.kind,
                "at": row.at,
                "payload": row.payload,
                "note_id": int(row.subject.split(":")[1]) if row.subject else None,
            }
            for row in rows
        ],
    )
    positions = sa.table(
        "feed_positions",
        sa.column("feed", sa.String()),
        sa.column("key", sa.Integer()),
        sa.column("last_seq", sa.Integer()),
    )
    for row in bind.execute(sa.select(positions).where(positions.c.feed == CAFE_FEED)):
        bind.execute(
            sa.text("UPDATE cafe_sessions SET last_seq = :seq WHERE id = :id"),
            {"seq": row.last_seq, "id": row.key},
        )
    op.drop_index("ix_feed_events_subject", table_name="feed_events")
    op.drop_table("feed_events")
    op.drop_table("feed_positions")
