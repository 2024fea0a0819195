"""Presence in a café session: who is connected, at which table, and who is typing.

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

from app.services.cafe.presence import PresenceEntry, PresenceKind, PresenceUpdate
from app.services.clock import now
from subscriptions.broadcast import Hub, Subscriber


class PresenceListener(Protocol):
    def push_presence(self, update: PresenceUpdate) -> None: ...


def channel(session_id: int) -> str:
    return f"cafe.presence.{session_id}"


def message(node: str, kind: str, **fields: Any) -> str:
    """What one process tells the others on a session's presence channel."""
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
# participants per heartbeat message: 250 pairs of 10-digit ids stay under 7,000 bytes
HEARTBEAT_PART = 250


@dataclass
class _Local:
    connections: int
    table_id: int | None


@dataclass(eq=False)
class PresenceBoard:
    hub: Hub
    session_id: int
    node: str
    heartbeat_seconds: float = 10.0
    typing_seconds: float = 3.0
    listeners: dict[PresenceListener, None] = field(default_factory=dict)
    _local: dict[int, _Local] = field(default_factory=dict)
    # (node, participant) -> (table, expires)
    _remote: dict[tuple[str, int], tuple[int | None, float]] = field(default_factory=dict)
    _typing_until: dict[int, float] = field(default_factory=dict)
    _typing_throttle: Throttle = field(default_factory=lambda: Throttle(TYPING_INTERVAL_SECONDS))
    _task: asyncio.Task[None] | None = None
    _ready: asyncio.Event = field(default_factory=asyncio.Event)

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"cafe-presence-{self.session_id}")

    async def ready(self) -> None:
        await self._ready.wait()
        if self.stopped:
            raise RuntimeError("the presence board could not start")

    @property
    def stopped(self) -> bool:
        return self._task is not None and self._task.done()

    async def stop(self) -> None:
        for participant_id in list(self._local):
            await self._say("disconnected", participant=participant_id)
        if self._task is not None:
            self._task.cancel()
            # a task that failed by itself has said so already (and told its listeners)
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    # -- what is known -------------------------------------------------------------------------
    def _clock(self) -> float:
        return asyncio.get_running_loop().time()

    def _present(self) -> dict[int, int | None]:
        """participant -> table, over every process."""
        moment = self._clock()
        present: dict[int, int | None] = {}
        for (_, participant_id), (table_id, expires) in self._remote.items():
            if expires > moment:
                present[participant_id] = table_id
        for participant_id, local in self._local.items():
            present[participant_id] = local.table_id
        return present

    def snapshot(self) -> PresenceUpdate:
        moment = self._clock()
        entries = tuple(
            PresenceEntry(
                participant_id, table_id, self._typing_until.get(participant_id, 0) > moment
            )
            for participant_id, table_id in sorted(self._present().items())
        )
        return PresenceUpdate(self.session_id, PresenceKind.SNAPSHOT, now(), entries=entries)

    def _emit(self, kind: PresenceKind, participant_id: int, table_id: int | None) -> None:
        update = PresenceUpdate(self.session_id, kind, now(), participant_id, table_id)
        for listener in list(self.listeners):
            listener.push_presence(update)

    # -- this process's connections ----------------------------------------------------------
    async def enter(self, participant_id: int, table_id: int | None) -> None:
        was_present = participant_id in self._present()
        local = self._local.setdefault(participant_id, _Local(0, table_id))
        local.connections += 1
        local.table_id = table_id
        if local.connections == 1:
            await self._say("connected", participant=participant_id, table=table_id)
        if not was_present:
            self._emit(PresenceKind.CONNECTED, participant_id, table_id)

    async def leave(self, participant_id: int) -> None:
        local = self._local.get(participant_id)
        if local is None:
            return
        local.connections -= 1
        if local.connections > 0:
            return
        del self._local[participant_id]
        await self._say("disconnected", participant=participant_id)
        if participant_id not in self._present():
            self._emit(PresenceKind.DISCONNECTED, participant_id, local.table_id)

    def moved(self, participant_id: int, table_id: int | None) -> asyncio.Task[None] | None:
        """Someone connected here changed tables: tell this process's listeners now, and the
        other processes (the returned task); nothing if they are not connected here."""
        local = self._local.get(participant_id)
        if local is None or local.table_id == table_id:
            return None
        local.table_id = table_id
        self._emit(PresenceKind.MOVED, participant_id, table_id)
        return asyncio.create_task(self._say("moved", participant=participant_id, table=table_id))

    async def typing(self, participant_id: int, table_id: int) -> bool:
        """Say someone is typing; throttled, so one typist sends at most one a second."""
        if not self._typing_throttle.allow(participant_id):
            return False
        await self._say("typing", participant=participant_id, table=table_id)
        self._on_typing(participant_id, table_id)
        return True

    def _on_typing(self, participant_id: int, table_id: int | None) -> None:
        self._typing_until[participant_id] = self._clock() + self.typing_seconds
        self._emit(PresenceKind.TYPING, participant_id, table_id)

    # -- talking to the other processes ------------------------------------------------------
    async def _say(self, kind: str, **fields: Any) -> None:
        await self.hub.publish(channel(self.session_id), message(self.node, kind, **fields))

    async def _heartbeat(self) -> None:
        here = [[p, local.table_id] for p, local in self._local.items()]
        # in parts, so that each fits any backend's message (PostgreSQL NOTIFY: < 8,000 bytes)
        for start in range(0, max(len(here), 1), HEARTBEAT_PART):
            await self._say("heartbeat", participants=here[start : start + HEARTBEAT_PART])

    async def _run(self) -> None:
        try:
            async with self.hub.subscribe(channel(self.session_id)) as messages:
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
            self._remote_connected(node, int(message["participant"]), message.get("table"))
        elif kind == "disconnected":
            participant_id = int(message["participant"])
            entry = self._remote.pop((node, participant_id), None)
            if entry is not None and participant_id not in self._present():
                self._emit(PresenceKind.DISCONNECTED, participant_id, entry[0])
        elif kind == "heartbeat":
            for participant_id, table_id in message["participants"]:
                self._remote_connected(node, int(participant_id), table_id)
        elif kind == "typing":
            self._on_typing(int(message["participant"]), message.get("table"))
        elif kind == "moved":
            participant_id, table_id = int(message["participant"]), message.get("table")
            if (node, participant_id) in self._remote:
                self._remote[(node, participant_id)] = (table_id, self._expires())
                self._emit(PresenceKind.MOVED, participant_id, table_id)

    def _remote_connected(self, node: str, participant_id: int, table_id: int | None) -> None:
        was_present = participant_id in self._present()
        self._remote[(node, participant_id)] = (table_id, self._expires())
        if not was_present:
            self._emit(PresenceKind.CONNECTED, participant_id, table_id)

    def _expire(self) -> None:
        moment = self._clock()
        gone = [key for key, (_, expires) in self._remote.items() if expires <= moment]
        for node, participant_id in gone:
            table_id, _ = self._remote.pop((node, participant_id))
            if participant_id not in self._present():
                self._emit(PresenceKind.DISCONNECTED, participant_id, table_id)
