"""The log of every feed: a gap-free sequence per key, written in the change's own
transaction and published only after it commits.

The sequence number is taken by bumping the key's `FeedPosition` in the writer's transaction.
On PostgreSQL the row lock makes the writers of one key commit in sequence order; on SQLite
the database lock does. A rolled-back change rolls its number back too: no gaps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.clock import now
from app.services.live.feeds import Feed, LoggedEvent, Payload
from app.services.outbox import publish_after_commit
from db.models.live import FeedEvent, FeedPosition


async def record(
    session: AsyncSession,
    feed: Feed[Any],
    key: int,
    kind: Any,
    payload: Payload,
    *,
    subject: str | None = None,
) -> LoggedEvent:
    """Append an event to the key's log and publish it once the transaction commits."""
    expected = feed.kinds[kind]
    if type(payload) is not expected:
        raise TypeError(f"{feed.name} {kind} carries {expected.__name__}")
    seq = await _next_seq(session, feed.name, key)
    event = LoggedEvent(feed, key, seq, kind, now(), payload)
    session.add(
        FeedEvent(
            feed=feed.name,
            key=key,
            seq=seq,
            kind=str(kind),
            at=event.at,
            payload=payload.to_json(),
            subject=subject,
        )
    )
    publish_after_commit(session, feed.channel(key), event.to_message())
    return event


async def _next_seq(session: AsyncSession, feed: str, key: int) -> int:
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    upsert = (
        insert(FeedPosition)
        .values(feed=feed, key=key, last_seq=1)
        .on_conflict_do_update(
            index_elements=[FeedPosition.feed, FeedPosition.key],
            set_={"last_seq": FeedPosition.last_seq + 1},
        )
        .returning(FeedPosition.last_seq)
    )
    seq: int | None = await session.scalar(upsert)
    assert seq is not None
    return seq


def _event(feed: Feed[Any], row: FeedEvent) -> LoggedEvent:
    kind = feed.kind(row.kind)
    return LoggedEvent(feed, row.key, row.seq, kind, row.at, feed.payload(kind, row.payload))


async def events_after(
    session: AsyncSession,
    feed: Feed[Any],
    key: int,
    after_seq: int,
    *,
    until_seq: int | None = None,
    limit: int = 500,
) -> Sequence[LoggedEvent]:
    stmt = (
        select(FeedEvent)
        .where(FeedEvent.feed == feed.name, FeedEvent.key == key, FeedEvent.seq > after_seq)
        .order_by(FeedEvent.seq)
        .limit(limit)
    )
    if until_seq is not None:
        stmt = stmt.where(FeedEvent.seq <= until_seq)
    return [_event(feed, row) for row in (await session.scalars(stmt)).all()]


async def last_seq(session: AsyncSession, feed: Feed[Any], key: int) -> int:
    """The seq of the key's last event; 0 before its first."""
    value = await session.scalar(
        select(FeedPosition.last_seq).where(FeedPosition.feed == feed.name, FeedPosition.key == key)
    )
    return value or 0


async def last_seqs(session: AsyncSession, feed: Feed[Any], keys: Iterable[int]) -> dict[int, int]:
    """The last seq of each key (0 before its first event), in one statement."""
    wanted = list(keys)
    rows = await session.execute(
        select(FeedPosition.key, FeedPosition.last_seq).where(
            FeedPosition.feed == feed.name, FeedPosition.key.in_(wanted)
        )
    )
    found: dict[int, int] = {key: seq for key, seq in rows}
    return {key: found.get(key, 0) for key in wanted}


async def redact(
    session: AsyncSession, feed: Feed[Any], subject: str, change: Callable[[Payload], Payload]
) -> None:
    """Rewrite the payloads of every event about `subject` (a deleted note's text, say); their
    seq stays, so no follower misses a number."""
    rows = (
        await session.scalars(
            select(FeedEvent).where(FeedEvent.feed == feed.name, FeedEvent.subject == subject)
        )
    ).all()
    for row in rows:
        kind = feed.kind(row.kind)
        payload = feed.payload(kind, row.payload)
        row.payload = change(payload).to_json()
