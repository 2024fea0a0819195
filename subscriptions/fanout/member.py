"""A member of a rendering group: one subscriber's operation on one socket.

It first receives its own replay (events it missed, rendered for it alone, or taken from the
group's ring of recent payloads), while the group's live output waits in a small buffer;
then the buffer is flushed and the group's bytes go straight to the socket. Sequence numbers
keep out duplicates at the seam. A member whose socket cannot keep up is told to resync.
While its access is being checked again (see app/services/cafe/watch.py), the group's output
waits in the same buffer.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Hashable
from typing import TYPE_CHECKING, Any

from app.services.cafe.log import LoggedEvent
from app.services.cafe.presence import PresenceUpdate
from app.services.cafe.watch import AccessWatch
from app.services.errors import PublicError
from schema.context import Context
from subscriptions.cafe.direct import replay
from subscriptions.fanout.keys import GroupKey, SharedRequest, canonical, variables_without
from subscriptions.fanout.payloads import resync_payload

if TYPE_CHECKING:
    from subscriptions.fanout.group import RenderGroup
    from subscriptions.fanout.registry import FanOut
    from subscriptions.protocol import Connection

# live payloads a member holds while its replay is being sent
BUFFER_LIMIT = 1024


class Member:
    def __init__(self, connection: Connection, operation_id: str) -> None:
        self.connection = connection
        self.operation_id = operation_id
        self.prefix = '{"id":' + json.dumps(operation_id) + ',"type":"next","payload":'
        self.group: RenderGroup | None = None
        self.last_sent: int | None = None
        self.replayed = False
        self.holds = 0  # access checks under way: the group's output waits meanwhile
        self.watch: AccessWatch | None = None
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
        if not self.connection.offer(self.frame(payload)):
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


class MemberStreams:
    """What the member's own execution reads: it joins the group, then yields the replay only."""

    def __init__(
        self,
        fanout: FanOut,
        member: Member,
        context: Context,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        request: SharedRequest,
        viewer_key: Hashable,
    ) -> None:
        self.fanout = fanout
        self.member = member
        self.context = context
        self.query = query
        self.variables = variables or {}
        self.operation_name = operation_name
        self.request = request
        self.viewer_key = viewer_key
        self.session_id: int | None = None
        self.replaying: int | None = None
        # (participant, table) of a subscriber in the room: connected while its events run
        self.present_as: tuple[int, int | None] | None = None

    def _key(self, session_id: int, scope: Hashable) -> GroupKey:
        return GroupKey(
            field=self.request.field,
            session_id=session_id,
            query=self.query,
            operation_name=self.operation_name,
            variables=canonical(variables_without(self.variables, self.request.cursor_variable)),
            scope=scope,
            viewer=self.viewer_key,
        )

    async def _join(self, session_id: int, scope: Hashable) -> int | None:
        self.session_id = session_id
        group, position = await self.fanout.join(
            self._key(session_id, scope),
            self.member,
            self.context,
            self.query,
            self.variables,
            self.operation_name,
        )
        self.member.group = group
        return position

    async def cafe_events(
        self,
        session_id: int,
        after_seq: int | None,
        watch: AccessWatch,
    ) -> AsyncIterator[LoggedEvent]:
        member = self.member
        member.watch = watch
        self.present_as = watch.participant
        position = await self._join(session_id, watch.scope) or 0
        if after_seq is None or after_seq >= position:
            member.last_sent = position if after_seq is None else after_seq
            return
        member.last_sent = after_seq
        group = member.group
        cached = group.ring_after(after_seq) if group is not None else None
        if cached is not None:
            member.replay_payloads = cached
            return
        async for event in replay(self.context.runtime.db, session_id, after_seq, position):
            self.replaying = event.seq
            yield event

    async def cafe_presence(
        self, session_id: int, watch: AccessWatch
    ) -> AsyncIterator[PresenceUpdate]:
        self.member.watch = watch
        await self._join(session_id, watch.scope)
        group = self.member.group
        if group is None or group.board is None:
            raise PublicError("Presence is not available right now; subscribe again.")
        yield group.board.snapshot()
