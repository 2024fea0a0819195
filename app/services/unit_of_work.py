"""The one place a write happens: a transaction that commits, then publishes what it logged.

Services append messages to the transaction's outbox (`outbox.publish_after_commit`, which the
feed log does for every event); nothing is published before the commit, and everything that
committed is published. Mutations, subscriptions that write, background jobs and the demo all
write through here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from app.services.outbox import Message, take_outbox
from db.session import Database


class Publisher(Protocol):
    async def publish_many(self, messages: Iterable[Message]) -> None:
        """Publish, at most once each; a message that cannot be sent is dropped (readers
        recover it from the log)."""


class UnitOfWork:
    def __init__(self, db: Database, publisher: Publisher) -> None:
        self.db = db
        self.publisher = publisher

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A write transaction: committed when the block ends, then its messages published;
        rolled back (and nothing published) if it raises."""
        async with self.db.write() as session:
            yield session
            messages = take_outbox(session)
        await self.publisher.publish_many(messages)
