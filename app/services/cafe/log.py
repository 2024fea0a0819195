"""The session's event log: a gap-free sequence, written in the change's own transaction and
published only after it commits.

The sequence number is taken by bumping `cafe_sessions.last_seq` in the writer's transaction.
On PostgreSQL the row lock makes the writers of one session commit in sequence order; on
SQLite the database lock does. A rolled-back change rolls its number back too: no gaps.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.cafe.snapshots import Snapshot
from app.services.cafe.vocabulary import EventKind
from app.services.clock import now
from app.services.jsontext import json_text
from app.services.outbox import publish_after_commit
from db.models import CafeEvent, CafeSession

# a broadcast message carries the whole event when it is this small; otherwise only its seq,
# and readers fetch it from the log (PostgreSQL NOTIFY payloads must stay under 8,000 bytes)
MAX_INLINE_BYTES = 7000


def channel(session_id: int) -> str:
    return f"cafe.session.{session_id}"


@dataclass(frozen=True)
class LoggedEvent:
    session_id: int
    seq: int
    kind: EventKind
    at: datetime
    payload: Snapshot

    @classmethod
    def from_row(cls, row: CafeEvent) -> LoggedEvent:
        return cls(row.session_id, row.seq, EventKind(row.kind), row.at, dict(row.payload))

    def to_message(self) -> str:
        message = json_text(
            {
                "session": self.session_id,
                "seq": self.seq,
                "kind": self.kind,
                "at": self.at.isoformat(),
                "payload": self.payload,
            }
        )
        if len(message.encode()) <= MAX_INLINE_BYTES:
            return message
        return json.dumps({"session": self.session_id, "seq": self.seq})

    @staticmethod
    def from_message(message: str) -> LoggedEvent | int:
        """The event, or only its seq when the message was too large to carry it."""
        data: dict[str, Any] = json.loads(message)
        if "kind" not in data:
            return int(data["seq"])
        return LoggedEvent(
            session_id=int(data["session"]),
            seq=int(data["seq"]),
            kind=EventKind(data["kind"]),
            at=datetime.fromisoformat(data["at"]),
            payload=data["payload"],
        )


async def record(
    session: AsyncSession,
    session_id: int,
    kind: EventKind,
    payload: Snapshot,
    *,
    note_id: int | None = None,
) -> LoggedEvent:
    """Append an event to the session's log and publish it once the transaction commits."""
    seq = await session.scalar(
        update(CafeSession)
        .where(CafeSession.id == session_id)
        .values(last_seq=CafeSession.last_seq + 1)
        .returning(CafeSession.last_seq)
    )
    assert seq is not None
    event = LoggedEvent(session_id, seq, kind, now(), payload)
    session.add(
        CafeEvent(
            session_id=session_id, seq=seq, kind=kind, at=event.at, payload=payload, note_id=note_id
        )
    )
    publish_after_commit(session, channel(session_id), event.to_message())
    return event


async def events_after(
    session: AsyncSession,
    session_id: int,
    after_seq: int,
    *,
    until_seq: int | None = None,
    limit: int = 500,
) -> Sequence[LoggedEvent]:
    stmt = (
        select(CafeEvent)
        .where(CafeEvent.session_id == session_id, CafeEvent.seq > after_seq)
        .order_by(CafeEvent.seq)
        .limit(limit)
    )
    if until_seq is not None:
        stmt = stmt.where(CafeEvent.seq <= until_seq)
    return [LoggedEvent.from_row(row) for row in (await session.scalars(stmt)).all()]


async def last_seq(session: AsyncSession, session_id: int) -> int | None:
    return await session.scalar(select(CafeSession.last_seq).where(CafeSession.id == session_id))


async def scrub_note(session: AsyncSession, session_id: int, note_id: int) -> None:
    """Blank a deleted note's text in the events that carried it; their seq stays."""
    rows = (
        await session.scalars(
            select(CafeEvent).where(
                CafeEvent.session_id == session_id, CafeEvent.note_id == note_id
            )
        )
    ).all()
    for row in rows:
        payload = json.loads(json.dumps(row.payload))
        if isinstance(payload.get("note"), dict):
            payload["note"]["text"] = ""
            row.payload = payload
