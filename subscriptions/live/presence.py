"""Presence on one key of a feed: who is connected, where (a café's table), who is typing.

Never stored. Each process knows its own connections; processes tell each other on the
broadcast (connected, disconnected, typing) and repeat their whole list in a heartbeat, so
that a process that stops without saying goodbye drops out when its entries expire.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.services.clock import now
from app.services.live.presence import PresenceEntry, PresenceKind, PresenceUpdate
from subscriptions.broadcast import Hub, Subscriber


class PresenceListener(Protocol):
    def push_presence(self, update: PresenceUpdate) -> None: ...


def message(node: str, kind: str, **fields: Any) -> str:
    """What one process tells the others on a key's presence channel."""
    return json.dumps({"node": node, "kind": kind, **fields})


class Throttle:
    """At most one per `interval` seconds per key (such as: one typist)."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._last: dict[Hashable, float] = {}

    def allow(self, key: Hashable) -> bool:
        moment = asyncio.get_running_loop().time()
        if moment - self._last.get(key, -1e18) < self.interval:
            return False
        if len(self._last) > 1000:  # forget whoever has not typed for a while
            self._last = {k: t for k, t in self._last.items() if moment - t < self.interval}
        self._last[key] = moment
        return True


TYPING_INTERVAL_SECONDS = 1.0  # one typist says so at most this often
# people per heartbeat message: 250 pairs of 10-digit ids stay under 7,000 bytes
HEARTBEAT_PART = 250


@dataclass
class _Local:
    connections: int
    where: int | None


@dataclass(eq=False)
class PresenceBoard:
    hub: Hub
    key: int
    channel: str  # where the processes tell each other
    node: str
    heartbeat_seconds: float = 10.0
    typing_seconds: float = 3.0
    listeners: dict[PresenceListener, None] = field(default_factory=dict)
    _local: dict[int, _Local] = field(default_factory=dict)
    # (node, who) -> (where, expires)
    _remote: dict[tuple[str, int], tuple[int | None, float]] = field(default_factory=dict)
    _typing_until: dict[int, float] = field(default_factory=dict)
    _typing_throttle: Throttle = field(default_factory=lambda: Throttle(TYPING_INTERVAL_SECONDS))
    _task: asyncio.Task[None] | None = None
    _ready: asyncio.Event = field(default_factory=asyncio.Event)

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"presence-{self.channel}")

    async def ready(self) -> None:
        await self._ready.wait()
        if self.stopped:
            raise RuntimeError("the presence board could not start")

    @property
    def stopped(self) -> bool:
        return self._task is not None and self._task.done()

    async def stop(self) -> None:
        for who in list(self._local):
            await self._say("disconnected", who=who)
        if self._task is not None:
            self._task.cancel()
            # a task that failed by itself has said so already (and told its listeners)
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    # -- what is known -------------------------------------------------------------------------
    def _clock(self) -> float:
        return asyncio.get_running_loop().time()

    def _present(self) -> dict[int, int | None]:
        """who -> where, over every process."""
        moment = self._clock()
        present: dict[int, int | None] = {}
        for (_, who), (where, expires) in self._remote.items():
            if expires > moment:
                present[who] = where
        for who, local in self._local.items():
            present[who] = local.where
        return present

    def snapshot(self) -> PresenceUpdate:
        moment = self._clock()
        entries = tuple(
            PresenceEntry(who, where, self._typing_until.get(who, 0) > moment)
            for who, where in sorted(self._present().items())
        )
        return PresenceUpdate(self.key, PresenceKind.SNAPSHOT, now(), entries=entries)

    def _emit(self, kind: PresenceKind, who: int, where: int | None) -> None:
        update = PresenceUpdate(self.key, kind, now(), who, where)
        for listener in list(self.listeners):
            listener.push_presence(update)

    # -- this process's connections ----------------------------------------------------------
    async def enter(self, who: int, where: int | None) -> None:
        was_present = who in self._present()
        local = self._local.setdefault(who, _Local(0, where))
        local.connections += 1
        local.where = where
        if local.connections == 1:
            await self._say("connected", who=who, where=where)
        if not was_present:
            self._emit(PresenceKind.CONNECTED, who, where)

    async def leave(self, who: int) -> None:
        local = self._local.get(who)
        if local is None:
            return
        local.connections -= 1
        if local.connections > 0:
            return
        del self._local[who]
        await self._say("disconnected", who=who)
        if who not in self._present():
            self._emit(PresenceKind.DISCONNECTED, who, local.where)

    def moved(self, who: int, where: int | None) -> asyncio.Task[None] | None:
        """Someone connected here moved: tell this process's listeners now, and the
        other processes (the returned task); nothing if they are not connected here."""
        local = self._local.get(who)
        if local is None or local.where == where:
            return None
        local.where = where
        self._emit(PresenceKind.MOVED, who, where)
        return asyncio.create_task(self._say("moved", who=who, where=where))

    async def typing(self, who: int, where: int) -> bool:
        """Say someone is typing; throttled, so one typist sends at most one a second."""
        if not self._typing_throttle.allow(who):
            return False
        await self._say("typing", who=who, where=where)
        self._on_typing(who, where)
        return True

    def _on_typing(self, who: int, where: int | None) -> None:
        self._typing_until[who] = self._clock() + self.typing_seconds
        self._emit(PresenceKind.TYPING, who, where)

    # -- talking to the other processes ------------------------------------------------------
    async def _say(self, kind: str, **fields: Any) -> None:
        await self.hub.publish(self.channel, message(self.node, kind, **fields))

    async def _heartbeat(self) -> None:
        here = [[p, local.where] for p, local in self._local.items()]
        # in parts, so that each fits any backend's message (PostgreSQL NOTIFY: < 8,000 bytes)
        for start in range(0, max(len(here), 1), HEARTBEAT_PART):
            await self._say("heartbeat", present=here[start : start + HEARTBEAT_PART])

    async def _run(self) -> None:
        try:
            async with self.hub.subscribe(self.channel) as messages:
                self._ready.set()
                await self._say("hello")
                await self._heartbeat()
                receiving = asyncio.create_task(self._receive(messages))
                try:
                    # heartbeats for as long as messages are received; the board stops (and
                    # is replaced for whoever comes next) if receiving fails
                    while not receiving.done():
                        await asyncio.wait({receiving}, timeout=self.heartbeat_seconds)
                        if not receiving.done():
                            await self._heartbeat()
                            self._expire()
                    receiving.result()
                finally:
                    receiving.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await receiving
        finally:
            self._ready.set()  # a board that could not start is found stopped, not awaited

    async def _receive(self, messages: Subscriber) -> None:
        while True:
            event = await messages.get()
            with contextlib.suppress(ValueError, KeyError, TypeError):
                await self._on_message(json.loads(event.message))

    def _expires(self) -> float:
        return self._clock() + self.heartbeat_seconds * 3

    async def _on_message(self, message: dict[str, Any]) -> None:
        node, kind = str(message["node"]), message["kind"]
        if node == self.node:
            return
        if kind == "hello":
            await self._heartbeat()  # a new process: tell it who is here
        elif kind == "connected":
            self._remote_connected(node, int(message["who"]), message.get("where"))
        elif kind == "disconnected":
            who = int(message["who"])
            entry = self._remote.pop((node, who), None)
            if entry is not None and who not in self._present():
                self._emit(PresenceKind.DISCONNECTED, who, entry[0])
        elif kind == "heartbeat":
            for who, where in message["present"]:
                self._remote_connected(node, int(who), where)
        elif kind == "typing":
            self._on_typing(int(message["who"]), message.get("where"))
        elif kind == "moved":
            who, where = int(message["who"]), message.get("where")
            if (node, who) in self._remote:
                self._remote[(node, who)] = (where, self._expires())
                self._emit(PresenceKind.MOVED, who, where)

    def _remote_connected(self, node: str, who: int, where: int | None) -> None:
        was_present = who in self._present()
        self._remote[(node, who)] = (where, self._expires())
        if not was_present:
            self._emit(PresenceKind.CONNECTED, who, where)

    def _expire(self) -> None:
        moment = self._clock()
        gone = [key for key, (_, expires) in self._remote.items() if expires <= moment]
        for node, who in gone:
            where, _ = self._remote.pop((node, who))
            if who not in self._present():
                self._emit(PresenceKind.DISCONNECTED, who, where)
