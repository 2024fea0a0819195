"""A rendering group: one Strawberry execution of one subscription document for everyone
who asked the same thing; each event's result is serialised once and handed to all members."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from strawberry.types import ExecutionResult

from app.services.cafe.log import LoggedEvent
from app.services.cafe.presence import PresenceUpdate
from app.services.cafe.vocabulary import EventKind
from app.services.cafe.watch import WATCHED_KINDS, AccessWatch, Verdict
from app.streams import ResyncRequired
from schema.context import Context
from subscriptions.cafe.direct import AccessEvents, BoundedListener
from subscriptions.cafe.presence import PresenceBoard
from subscriptions.fanout.keys import GroupKey
from subscriptions.fanout.payloads import dumps, error_list, is_failure, result_payload

if TYPE_CHECKING:
    from app.runtime import Runtime
    from subscriptions.fanout.member import Member

logger = logging.getLogger("samverka.fanout")

# events waiting to be rendered for one group; a group that falls this far behind restarts
GROUP_QUEUE = 10_000
# rendered payloads kept for members who reconnect with a recent afterSeq
RING = 512


class RenderGroup:
    def __init__(
        self,
        key: GroupKey,
        runtime: Runtime,
        viewer_context: Context,
        query: str,
        variables: dict[str, Any],
        operation_name: str | None,
    ) -> None:
        self.key = key
        self.runtime = runtime
        self.query = query
        self.variables = variables
        self.operation_name = operation_name
        self.context = Context(
            runtime=runtime,
            viewer=viewer_context.viewer,
            client_address=viewer_context.client_address,
            streams=GroupStreams(self),
        )
        self.members: dict[Member, None] = {}
        self.joining = 0  # members waiting for the group to start
        self.listener = BoundedListener(GROUP_QUEUE)
        self.position: int | None = None  # seq of the last event rendered (or joined at)
        self.ring: deque[tuple[int, str]] = deque(maxlen=RING)
        self.board: PresenceBoard | None = None
        self.current: LoggedEvent | None = None
        self.failed = False
        # whose access the rendering follows: the first member's, handed on if it changes
        self.render_watch: AccessWatch | None = None
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"fanout-{self.key.field}")

    async def ready(self) -> bool:
        await self._ready.wait()
        return not self.failed

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def opened(self, position: int | None, board: PresenceBoard | None = None) -> None:
        """The group's stream is attached to its source; members may join from here."""
        self.position = position
        self.board = board
        self._ready.set()

    # -- members -------------------------------------------------------------------------------
    def attach(self, member: Member) -> int | None:
        """Add a member; returns the position it joins at (everything later reaches it)."""
        self.members[member] = None
        return self.position

    def detach(self, member: Member) -> None:
        self.members.pop(member, None)

    @property
    def unused(self) -> bool:
        return not self.members and not self.joining

    def ring_after(self, after_seq: int) -> list[tuple[int, str]] | None:
        """Rendered payloads of every event after `after_seq`, if all are still in the ring."""
        if not self.ring or self.position is None:
            return None
        first_seq = self.ring[0][0]
        if first_seq > after_seq + 1 or self.ring[-1][0] != self.position:
            return None
        return [(seq, payload) for seq, payload in self.ring if seq > after_seq]

    # -- rendering -----------------------------------------------------------------------------
    async def _run(self) -> None:
        try:
            stream = await self.runtime.schema.subscribe(
                self.query, self.variables, self.context, self.operation_name
            )
            if isinstance(stream, ExecutionResult):
                self._fail(dumps(error_list(stream)), resync=False)
                return
            async with contextlib.aclosing(stream) as results:
                async for result in results:
                    if is_failure(result):
                        resync = any(
                            (e.extensions or {}).get("code") == "RESYNC_REQUIRED"
                            for e in result.errors or []
                        )
                        self._fail(dumps(error_list(result)), resync=resync)
                        return
                    self._fan_out(dumps(result_payload(result)))
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001
            logger.error("rendering group failed (%s)", type(error).__name__)
            self._fail(dumps([{"message": "Unexpected error."}]), resync=True)
        finally:
            self._ready.set()

    def _fan_out(self, payload: str) -> None:
        event = self.current
        seq = event.seq if event is not None else None
        if event is not None:
            self.position = event.seq
            if event.kind in (EventKind.NOTE_DELETED, EventKind.SESSION_UPDATED):
                # a deleted note's text, or authors of notes made anonymous, must not be
                # replayed from memory
                self.ring.clear()
            self.ring.append((event.seq, payload))
            if event.kind in WATCHED_KINDS:
                self.check_access(event)
        for member in list(self.members):
            member.deliver(seq, payload)

    def check_access(self, event: LoggedEvent) -> None:
        """Hold the event back from members whose access it may change, until checked."""
        for member in list(self.members):
            if member.watch is not None and member.watch.affected_by(event):
                member.hold()
                self.runtime.fanout.check_access(member, member.watch)

    def _fail(self, errors: str, *, resync: bool) -> None:
        self.failed = True
        for member in list(self.members):
            member.fail(errors, resync=resync)
        self.members.clear()


class GroupStreams:
    """The group's own live source: where the feed is now, onwards."""

    def __init__(self, group: RenderGroup) -> None:
        self.group = group

    async def cafe_events(
        self, session_id: int, after_seq: int | None, watch: AccessWatch
    ) -> AsyncIterator[LoggedEvent]:
        # the group renders for a scope, not for one person: members' access is checked in
        # `RenderGroup._fan_out`, each member for itself
        group = self.group
        group.render_watch = watch
        async with group.runtime.realtime.feed(session_id) as feed:
            group.opened(feed.add(group.listener))
            try:
                while True:
                    try:
                        item = await group.listener.get()
                    except OverflowError:
                        raise ResyncRequired(group.position) from None
                    assert isinstance(item, LoggedEvent)
                    await _render_for_its_scope(group, item)
                    group.current = item
                    yield item
            finally:
                feed.remove(group.listener)

    async def cafe_presence(
        self, session_id: int, watch: AccessWatch
    ) -> AsyncIterator[PresenceUpdate]:
        group = self.group
        group.render_watch = watch
        realtime = group.runtime.realtime
        # the session's events too, for those that may change a member's access
        async with realtime.board(session_id) as board, realtime.feed(session_id) as feed:
            board.listeners[group.listener] = None
            access_events = AccessEvents(group.listener)
            feed.add(access_events)
            group.opened(None, board)
            try:
                while True:
                    try:
                        item = await group.listener.get()
                    except OverflowError:
                        raise ResyncRequired(None) from None
                    if isinstance(item, LoggedEvent):
                        await _render_for_its_scope(group, item)
                        group.check_access(item)
                        continue
                    assert isinstance(item, PresenceUpdate)
                    yield item
            finally:
                board.listeners.pop(group.listener, None)
                feed.remove(access_events)


async def _render_for_its_scope(group: RenderGroup, event: LoggedEvent) -> None:
    """A group renders as one of its members (the first, to begin with). If the event changes
    that person's access, the group goes on rendering as a member whose access the event
    leaves as it was, so that the others still see what their scope may see; the person
    affected is checked, held and told like every member (`RenderGroup.check_access`)."""
    watch = group.render_watch
    if watch is None or not watch.affected_by(event) or await watch.verdict() is Verdict.SAME:
        return
    for member in list(group.members):
        if member.watch is not None and not member.watch.affected_by(event):
            group.context.viewer = member.watch.viewer
            group.render_watch = member.watch
            return
