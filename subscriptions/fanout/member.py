"""A member of a rendering group: one subscriber's operation on one socket.

It first receives its own replay (events it missed, rendered for it alone, or taken from the
group's ring of recent payloads), while the group's live output waits in a small buffer;
then the buffer is flushed and the group's bytes go straight to the socket. Sequence numbers
keep out duplicates at the seam. A member whose socket cannot keep up is told to resync.
While its access is being checked again (see app/services/live/follower.py), the group's
output waits in the same buffer.
"""

from __future__ import annotations

import asyncio
import json
from typing import Protocol

from app.services.live.follower import Follower
from subscriptions.fanout.payloads import resync_payload

# live payloads a member holds while its replay is being sent
BUFFER_LIMIT = 1024


class Socket(Protocol):
    def offer(self, text: str) -> bool:
        """Queue a message without waiting; False if the socket is too far behind."""


class Group(Protocol):
    def detach(self, member: Member) -> None: ...


class Member:
    def __init__(self, socket: Socket, operation_id: str) -> None:
        self.socket = socket
        self.operation_id = operation_id
        self.prefix = '{"id":' + json.dumps(operation_id) + ',"type":"next","payload":'
        self.group: Group | None = None
        self.last_sent: int | None = None
        self.replayed = False
        self.holds = 0  # access checks under way: the group's output waits meanwhile
        self.follower: Follower | None = None
        self.replay_payloads: list[tuple[int, str]] = []
        self.done = asyncio.Event()
        self.final: str | None = None  # a last payload to send before completing
        self._buffer: list[tuple[int | None, str]] = []

    def frame(self, payload: str) -> str:
        return self.prefix + payload + "}"

    def deliver(self, seq: int | None, payload: str) -> None:
        """The group's payload for one event (called for every member, without waiting)."""
        if self.done.is_set():
            return
        if not self.replayed or self.holds:
            self._buffer.append((seq, payload))
            if len(self._buffer) > BUFFER_LIMIT:
                self.overflow()
            return
        self._offer(seq, payload)

    def _offer(self, seq: int | None, payload: str) -> None:
        if seq is not None and self.last_sent is not None and seq <= self.last_sent:
            return
        if not self.socket.offer(self.frame(payload)):
            self.overflow()
            return
        if seq is not None:
            self.last_sent = seq

    def go_live(self) -> None:
        self.replayed = True
        self._flush()

    def hold(self) -> None:
        """Keep the group's output back until `release` (its access is being checked)."""
        self.holds += 1

    def release(self) -> None:
        self.holds -= 1
        self._flush()

    def _flush(self) -> None:
        if not self.replayed or self.holds or self.done.is_set():
            return
        buffered, self._buffer = self._buffer, []
        for seq, payload in buffered:
            self._offer(seq, payload)

    def overflow(self) -> None:
        """The socket cannot keep up: stop sending, and tell the client where to resume."""
        self.finish(resync_payload(self.last_sent))

    def fail(self, errors: str, *, resync: bool) -> None:
        """The group stopped: resync from where this member is, or report the error."""
        if resync:
            self.finish(resync_payload(self.last_sent))
        else:
            self.finish('{"data":null,"errors":' + errors + "}")

    def finish(self, final: str | None) -> None:
        if self.done.is_set():
            return
        if self.group is not None:
            self.group.detach(self)
        self.final = final
        self.done.set()
