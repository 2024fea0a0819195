"""One key's events (a café session's, say), in order and without gaps, for everyone in this
process.

The broadcast is a fast hint, not the source of truth: pub/sub is at-most-once and messages
from several processes may arrive out of order. The feed delivers event `n + 1` only after
`n`; whenever it sees a gap, a message too large to carry its event, a reconnection of the
broadcast, or nothing at all for a while, it reads what it is missing from the log. A read
that fails (the database restarting) is tried again on the next poll, sooner at first; the
feed itself goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any, Protocol

from app.services.live import log
from app.services.live.feeds import Feed, LoggedEvent
from db.session import Database
from subscriptions.broadcast import Event, Hub, Subscriber

logger = logging.getLogger("samverka.live.feed")

CATCH_UP_BATCH = 500
RETRY_SECONDS = 0.2  # the first wait after a failed read of the log; it doubles up to the poll


class Listener(Protocol):
    def push(self, event: LoggedEvent) -> None:
        """Take an event without waiting (a listener that cannot keep up says so itself)."""

    def lost(self) -> None:
        """The feed stopped: nothing more will come (the consumer should start again)."""


class KeyFeed:
    def __init__(
        self, hub: Hub, db: Database, feed: Feed[Any], key: int, poll_seconds: float
    ) -> None:
        self.hub = hub
        self.db = db
        self.feed = feed
        self.key = key
        self.poll_seconds = poll_seconds
        self.position = 0  # the seq of the last event delivered
        self.listeners: dict[Listener, None] = {}
        self._nudged = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._started = asyncio.Event()
        self._start_error: BaseException | None = None
        self.failed_reads = 0
        self._retry_seconds: float | None = None  # set while the log cannot be read

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"feed-{self.feed.channel(self.key)}")

    @property
    def stopped(self) -> bool:
        return self._task is not None and self._task.done()

    async def ready(self) -> None:
        await self._started.wait()
        if self._start_error is not None:
            raise self._start_error

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            # a task that failed by itself has said so already (and told its listeners)
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    def nudge(self) -> None:
        """Read the log now (the broadcast reconnected, or a writer in this process asks)."""
        self._nudged.set()

    # -- listeners -------------------------------------------------------------------------
    def add(self, listener: Listener) -> int:
        """Attach a listener; returns the position it starts after (everything later reaches it)."""
        self.listeners[listener] = None
        return self.position

    def remove(self, listener: Listener) -> None:
        self.listeners.pop(listener, None)

    # -- reading -----------------------------------------------------------------------------
    async def _run(self) -> None:
        try:
            async with self.hub.subscribe(self.feed.channel(self.key)) as messages:
                # subscribed first, then read the position: nothing falls between the two
                async with self.db.read() as session:
                    self.position = await log.last_seq(session, self.feed, self.key)
                self._started.set()
                # the subscription may reach the broker a moment after the read: look again
                self._nudged.set()
                await self._follow(messages)
        except asyncio.CancelledError:
            raise
        except BaseException as error:
            if self._started.is_set():
                logger.error(
                    "%s's feed stopped (%s)", self.feed.channel(self.key), type(error).__name__
                )
                for listener in list(self.listeners):
                    listener.lost()
            self._start_error = error
            self._started.set()
            raise

    async def _follow(self, messages: Subscriber) -> None:
        pending: asyncio.Future[Event] | None = None
        nudged: asyncio.Future[Any] | None = None
        try:
            while True:
                # both waiters live until they fire: a message costs no new task for the nudge
                if pending is None:
                    pending = asyncio.ensure_future(messages.get())
                if nudged is None:
                    nudged = asyncio.ensure_future(self._nudged.wait())
                waiting: set[asyncio.Future[Any]] = {pending, nudged}
                done, _ = await asyncio.wait(
                    waiting,
                    timeout=self._retry_seconds or self.poll_seconds,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                if pending in done:
                    event = pending.result()
                    pending = None
                    await self._on_message(event.message)
                if nudged in done or not done:
                    # nudged, or quiet for a while: the log is the truth
                    if nudged in done:
                        nudged = None
                    self._nudged.clear()
                    await self._catch_up()
        finally:
            for waiter in (pending, nudged):
                if waiter is not None:
                    waiter.cancel()

    async def _on_message(self, message: str) -> None:
        try:
            parsed = LoggedEvent.from_message(self.feed, message)
        except (ValueError, KeyError, TypeError):
            logger.warning("unreadable message on %s", self.feed.channel(self.key))
            await self._catch_up()
            return
        if isinstance(parsed, LoggedEvent) and parsed.seq == self.position + 1:
            self._deliver(parsed)
        elif (parsed.seq if isinstance(parsed, LoggedEvent) else parsed) > self.position:
            await self._catch_up()  # a gap, or a message that carried only its seq

    async def _catch_up(self) -> None:
        try:
            await self._read_log()
        except Exception as error:  # noqa: BLE001  (the log is the truth: read it again soon)
            self.failed_reads += 1
            logger.warning(
                "reading %s's log failed (%s); trying again",
                self.feed.channel(self.key),
                type(error).__name__,
            )
            retry = (self._retry_seconds or RETRY_SECONDS / 2) * 2
            self._retry_seconds = min(retry, self.poll_seconds)
            return
        self._retry_seconds = None

    async def _read_log(self) -> None:
        while True:
            async with self.db.read() as session:
                missing = await log.events_after(
                    session, self.feed, self.key, self.position, limit=CATCH_UP_BATCH
                )
            for event in missing:
                if event.seq == self.position + 1:
                    self._deliver(event)
            if len(missing) < CATCH_UP_BATCH:
                return

    def _deliver(self, event: LoggedEvent) -> None:
        self.position = event.seq
        for listener in list(self.listeners):
            listener.push(event)
