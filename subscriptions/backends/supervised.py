"""A broadcaster backend that keeps its listening connection alive.

broadcaster's own backends let the listener die (or hang) when the server restarts. This
base class runs the listening connection in a loop: when it drops, it reconnects with
backoff, subscribes to every channel again, and puts a `RECONNECTED` event in the stream,
so that subscribers re-read from the database whatever they may have missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from broadcaster import Event
from broadcaster._backends.base import BroadcastBackend

logger = logging.getLogger("samverka.broadcast")

RECONNECTED = "samverka.broadcast.reconnected"
MAX_BACKOFF_SECONDS = 2.0


class SupervisedBackend(BroadcastBackend):
    def __init__(self, url: str) -> None:
        self._url = url
        self._channels: set[str] = set()
        self._queue: asyncio.Queue[Event] = asyncio.Queue()
        self._supervisor: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()
        self.reconnects = 0

    # -- to implement ------------------------------------------------------------
    async def _open(self) -> None:
        """Open the listening connection and subscribe to `self._channels`."""
        raise NotImplementedError

    async def _listen(self) -> None:
        """Deliver messages with `self._deliver` until the connection fails (then raise)."""
        raise NotImplementedError

    async def _close(self) -> None:
        raise NotImplementedError

    async def _listen_to(self, channel: str) -> None:
        raise NotImplementedError

    async def _stop_listening_to(self, channel: str) -> None:
        raise NotImplementedError

    async def ping(self) -> bool:
        raise NotImplementedError

    # -- the loop ----------------------------------------------------------------
    async def connect(self) -> None:
        await self._open()
        self._connected.set()
        self._supervisor = asyncio.create_task(self._supervise(), name="broadcast-listener")

    async def disconnect(self) -> None:
        if self._supervisor is not None:
            self._supervisor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._supervisor
        await self._close()

    @property
    def is_connected(self) -> bool:
        return self._connected.is_set()

    async def _supervise(self) -> None:
        backoff = 0.1
        while True:
            try:
                await self._listen()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001  (any failure means: reconnect)
                logger.warning("broadcast connection lost (%s); reconnecting", type(error).__name__)
            self._connected.clear()
            with contextlib.suppress(Exception):
                await self._close()
            while True:
                await asyncio.sleep(backoff)
                try:
                    await self._open()
                except asyncio.CancelledError:
                    raise
                except Exception:  # noqa: BLE001
                    backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                    continue
                break
            backoff = 0.1
            self.reconnects += 1
            self._connected.set()
            logger.warning("broadcast connection restored")
            self._queue.put_nowait(Event(RECONNECTED, ""))

    def _deliver(self, channel: str, message: str) -> None:
        self._queue.put_nowait(Event(channel, message))

    # -- BroadcastBackend ----------------------------------------------------------
    async def subscribe(self, channel: str) -> None:
        self._channels.add(channel)
        if channel != RECONNECTED and self.is_connected:
            # if this fails, the reconnect loop subscribes again
            with contextlib.suppress(Exception):
                await self._listen_to(channel)

    async def unsubscribe(self, channel: str) -> None:
        self._channels.discard(channel)
        if channel != RECONNECTED and self.is_connected:
            with contextlib.suppress(Exception):
                await self._stop_listening_to(channel)

    async def next_published(self) -> Event:
        return await self._queue.get()

    def _listened_channels(self) -> list[str]:
        return [c for c in self._channels if c != RECONNECTED]

    async def publish(self, channel: str, message: Any) -> None:
        raise NotImplementedError
