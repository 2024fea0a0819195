"""What a member's own execution reads: it joins its group, then yields its replay only."""

from __future__ import annotations

from collections.abc import AsyncIterator, Hashable
from typing import Any, Protocol

from app.services.errors import PublicError
from app.services.live.feeds import Feed, LoggedEvent
from app.services.live.follower import Follower
from app.services.live.presence import PresenceUpdate
from schema.context import Context
from subscriptions.fanout.group import RenderGroup
from subscriptions.fanout.keys import GroupKey, SharedRequest, canonical, variables_without
from subscriptions.fanout.member import Member
from subscriptions.live.listener import replay


class Groups(Protocol):
    async def join(
        self,
        key: GroupKey,
        member: Member,
        context: Context,
        query: str,
        variables: dict[str, Any],
        operation_name: str | None,
    ) -> tuple[RenderGroup, int | None]:
        """Join the group of `key` (started if need be); the position the member joins at."""


class MemberStreams:
    def __init__(
        self,
        groups: Groups,
        member: Member,
        context: Context,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        request: SharedRequest,
        viewer_key: Hashable,
    ) -> None:
        self.groups = groups
        self.member = member
        self.context = context
        self.query = query
        self.variables = variables or {}
        self.operation_name = operation_name
        self.request = request
        self.viewer_key = viewer_key
        self.feed: Feed[Any] | None = None
        self.key: int | None = None
        self.replaying: int | None = None
        # (who, where) of a follower shown present: connected while its events run
        self.present_as: tuple[int, int | None] | None = None

    def _group_key(self, feed: Feed[Any], key: int, scope: Hashable) -> GroupKey:
        return GroupKey(
            field=self.request.field,
            feed=feed.name,
            key=key,
            query=self.query,
            operation_name=self.operation_name,
            variables=canonical(variables_without(self.variables, self.request.cursor_variable)),
            scope=scope,
            viewer=self.viewer_key,
        )

    async def _join(self, feed: Feed[Any], key: int, follower: Follower) -> int | None:
        self.feed, self.key = feed, key
        self.member.follower = follower
        group, position = await self.groups.join(
            self._group_key(feed, key, follower.scope),
            self.member,
            self.context,
            self.query,
            self.variables,
            self.operation_name,
        )
        self.member.group = group
        return position

    async def events(
        self, feed: Feed[Any], key: int, after_seq: int | None, follower: Follower
    ) -> AsyncIterator[LoggedEvent]:
        member = self.member
        if feed.presence is not None:
            self.present_as = follower.present
        position = await self._join(feed, key, follower) or 0
        if after_seq is None or after_seq >= position:
            member.last_sent = position if after_seq is None else after_seq
            return
        member.last_sent = after_seq
        group = member.group
        cached = group.ring_after(after_seq) if isinstance(group, RenderGroup) else None
        if cached is not None:
            member.replay_payloads = cached
            return
        async for event in replay(self.context.db, feed, key, after_seq, position):
            self.replaying = event.seq
            yield event

    async def presence(
        self, feed: Feed[Any], key: int, follower: Follower
    ) -> AsyncIterator[PresenceUpdate]:
        await self._join(feed, key, follower)
        group = self.member.group
        if not isinstance(group, RenderGroup) or group.board is None:
            raise PublicError("Presence is not available right now; subscribe again.")
        yield group.board.snapshot()
