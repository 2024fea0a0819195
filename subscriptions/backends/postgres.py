"""PostgreSQL LISTEN/NOTIFY that survives a database restart."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg

from subscriptions.backends.supervised import SupervisedBackend

# NOTIFY payloads must stay under 8,000 bytes
MAX_PAYLOAD_BYTES = 7900
HEALTH_CHECK_SECONDS = 5.0


class PayloadTooLarge(ValueError):
    pass


class PostgresBackend(SupervisedBackend):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self._listener: Any = None
        self._publisher: Any = None
        self._publish_lock = asyncio.Lock()
        # one asyncpg connection runs one command at a time
        self._listener_lock = asyncio.Lock()
        self._lost = asyncio.Event()

    async def _open(self) -> None:
        self._lost.clear()
        listener = await asyncpg.connect(self._url, timeout=2)
        listener.add_termination_listener(lambda _connection: self._lost.set())
        for channel in self._listened_channels():
            await listener.add_listener(channel, self._on_notify)
        self._listener = listener

    def _on_notify(self, _connection: Any, _pid: int, channel: str, payload: str) -> None:
        self._deliver(channel, payload)

    async def _listen(self) -> None:
        # notifications arrive by callback; this loop only notices a dead connection
        while True:
            try:
                await asyncio.wait_for(self._lost.wait(), timeout=HEALTH_CHECK_SECONDS)
            except TimeoutError:
                async with self._listener_lock:
                    await self._listener.fetchval("SELECT 1", timeout=2)
                continue
            raise ConnectionError("listening connection closed")

    async def _close(self) -> None:
        if self._listener is not None:
            listener, self._listener = self._listener, None
            listener.terminate()

    async def disconnect(self) -> None:
        await super().disconnect()
        if self._publisher is not None:
            self._publisher.terminate()

    async def _listen_to(self, channel: str) -> None:
        async with self._listener_lock:
            await self._listener.add_listener(channel, self._on_notify)

    async def _stop_listening_to(self, channel: str) -> None:
        async with self._listener_lock:
            await self._listener.remove_listener(channel, self._on_notify)

    async def publish(self, channel: str, message: Any) -> None:
        if len(str(message).encode()) > MAX_PAYLOAD_BYTES:
            raise PayloadTooLarge(channel)
        async with self._publish_lock:
            if self._publisher is None or self._publisher.is_closed():
                self._publisher = await asyncpg.connect(self._url, timeout=2)
            try:
                await self._publisher.execute("SELECT pg_notify($1, $2)", channel, str(message))
            except (OSError, asyncpg.PostgresConnectionError, asyncpg.InterfaceError):
                self._publisher = None
                raise

    async def ping(self) -> bool:
        if not self.is_connected:
            return False
        async with self._listener_lock:
            value = await self._listener.fetchval("SELECT 1", timeout=2)
        return bool(value == 1)
