"""A rendering group: one Strawberry execution of one subscription document for everyone
who asked the same thing; each event's result is serialised once and handed to all members."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import AsyncIterator, Callable
from typing import Any

from strawberry import Schema
from strawberry.types import ExecutionResult

from app.services.live.feeds import Feed, LoggedEvent
from app.services.live.follower import Follower, ResyncRequired, Verdict
from app.services.live.presence import PresenceUpdate
from schema.context import Context
from subscriptions.fanout.keys import GroupKey
from subscriptions.fanout.member import Member
from subscriptions.fanout.payloads import dumps, error_list, is_failure, result_payload
from subscriptions.live.listener import AccessEvents, BoundedListener
from subscriptions.live.presence import PresenceBoard
from subscriptions.live.registry import Feeds

logger = logging.getLogger("samverka.fanout")

# events waiting to be rendered for one group; a group that falls this far behind restarts
GROUP_QUEUE = 10_000
# rendered payloads kept for members who reconnect with a recent afterSeq
RING = 512

# reads a held member's access again, then releases or ends it (see FanOut.check_access)
AccessCheck = Callable[[Member, Follower], None]


class RenderGroup:
    def __init__(
        self,
        key: GroupKey,
        schema: Schema,
        feeds: Feeds,
        viewer_context: Context,
        query: str,
        variables: dict[str, Any],
        operation_name: str | None,
        check_access: AccessCheck,
    ) -> None:
        self.key = key
        self.schema = schema
        self.feeds = feeds
        self.query = query
        self.variables = variables
        self.operation_name = operation_name
        self.check_member_access = check_access
        self.context = Context(
            shared=viewer_context.shared,
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
        self.render_as: Follower | None = None
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
            stream = await self.schema.subscribe(
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
            self.context.close()  # its streams refer back to this group
            self._ready.set()

    def _fan_out(self, payload: str) -> None:
        event = self.current
        seq = event.seq if event is not None else None
        if event is not None:
            self.position = event.seq
            if event.kind in event.feed.redacting_kinds:
                # what was rendered before may show what the change hides now (a deleted
                # note's text, authors made anonymous): never replay it from memory
                self.ring.clear()
            self.ring.append((event.seq, payload))
            if event.kind in event.feed.access_kinds:
                self.check_access(event)
        for member in list(self.members):
            member.deliver(seq, payload)

    def check_access(self, event: LoggedEvent) -> None:
        """Hold the event back from members whose access it may change, until checked."""
        for member in list(self.members):
            if member.follower is not None and member.follower.affected_by(event):
                member.hold()
                self.check_member_access(member, member.follower)

    def _fail(self, errors: str, *, resync: bool) -> None:
        self.failed = True
        for member in list(self.members):
            member.fail(errors, resync=resync)
        self.members.clear()


class GroupStreams:
    """The group's own live source: where the feed is now, onwards."""

    def __init__(self, group: RenderGroup) -> None:
        self.group = group

    async def events(
        self, feed: Feed[Any], key: int, after_seq: int | None, follower: Follower
    ) -> AsyncIterator[LoggedEvent]:
        # the group renders for a scope, not for one person: members' access is checked in
        # `RenderGroup._fan_out`, each member for itself
        group = self.group
        group.render_as = follower
        async with group.feeds.feed(feed, key) as key_feed:
            group.opened(key_feed.add(group.listener))
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
                key_feed.remove(group.listener)

    async def presence(
        self, feed: Feed[Any], key: int, follower: Follower
    ) -> AsyncIterator[PresenceUpdate]:
        group = self.group
        group.render_as = follower
        feeds = group.feeds
        # the key's events too, for those that may change a member's access
        async with feeds.board(feed, key) as board, feeds.feed(feed, key) as key_feed:
            board.listeners[group.listener] = None
            access_events = AccessEvents(group.listener)
            key_feed.add(access_events)
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
                key_feed.remove(access_events)


async def _render_for_its_scope(group: RenderGroup, event: LoggedEvent) -> None:
    """A group renders as one of its members (the first, to begin with). If the event changes
    that person's access, the group goes on rendering as a member whose access the event
    leaves as it was, so that the others still see what their scope may see; the person
    affected is checked, held and told like every member (`RenderGroup.check_access`)."""
    follower = group.render_as
    if (
        follower is None
        or event.kind not in event.feed.access_kinds
        or not follower.affected_by(event)
        or await follower.verdict() is Verdict.SAME
    ):
        return
    for member in list(group.members):
        if member.follower is not None and not member.follower.affected_by(event):
            group.context.viewer = member.follower.viewer
            group.render_as = member.follower
            return
