"""The broadcast hub: broadcaster with a backend chosen by URL scheme, supervised.

Publishing happens after commit and is at-most-once: a message that cannot be sent is
logged and dropped, because subscribers recover everything from the database by sequence.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from urllib.parse import urlparse

from broadcaster import Broadcast, Event
from broadcaster._base import Subscriber

from app.services.outbox import Message
from subscriptions.backends.memory import MemoryBackend
from subscriptions.backends.supervised import RECONNECTED, SupervisedBackend

logger = logging.getLogger("samverka.broadcast")

__all__ = ["RECONNECTED", "Event", "Hub", "Subscriber"]


def make_backend(url: str) -> SupervisedBackend | MemoryBackend:
    scheme = urlparse(url).scheme
    if scheme == "memory":
        return MemoryBackend(url)
    if scheme in ("redis", "rediss"):
        from subscriptions.backends.redis import RedisBackend

        return RedisBackend(url)
    if scheme in ("postgres", "postgresql"):
        from subscriptions.backends.postgres import PostgresBackend

        return PostgresBackend(url)
    raise ValueError(f"unsupported BROADCAST_URL scheme: {scheme}")


class Hub:
    def __init__(self, url: str) -> None:
        self.backend = make_backend(url)
        self._broadcast = Broadcast(backend=self.backend)
        self._subscribe_lock = asyncio.Lock()
        self.failed_publishes = 0

    async def connect(self) -> None:
        await self._broadcast.connect()

    async def disconnect(self) -> None:
        await self._broadcast.disconnect()

    async def publish(self, channel: str, body: str) -> bool:
        try:
            await self._broadcast.publish(channel, body)
        except Exception as error:  # noqa: BLE001  (the database has it; readers catch up)
            self.failed_publishes += 1
            logger.warning("publish to %s failed (%s)", channel, type(error).__name__)
            return False
        return True

    async def publish_many(self, messages: Iterable[Message]) -> None:
        for message in messages:
            await self.publish(message.channel, message.body)

    async def ping(self) -> bool:
        try:
            return bool(await self.backend.ping())
        except Exception:  # noqa: BLE001
            return False

    @property
    def is_up(self) -> bool:
        """Whether the broadcast is connected (as far as this process knows)."""
        return self.backend.is_connected

    @property
    def reconnects(self) -> int:
        return self.backend.reconnects

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[Subscriber]:
        """`channel`'s events; `RECONNECTED` also arrives to those who subscribe to it."""
        # broadcaster's subscribe is not safe for two first subscribers at once
        async with self._subscribe_lock:
            context = self._broadcast.subscribe(channel)
            subscriber = await context.__aenter__()
        try:
            yield subscriber
        finally:
            async with self._subscribe_lock:
                await context.__aexit__(None, None, None)
