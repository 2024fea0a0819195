"""The process's rendering groups, and serving one member from subscribe to complete."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from typing import Any, Protocol

from strawberry import Schema
from strawberry.types import ExecutionResult

from app.services.errors import PublicError
from app.services.live.follower import ACCESS_CHANGED, Follower, Verdict
from schema.context import Context
from subscriptions.fanout.group import RenderGroup
from subscriptions.fanout.joining import MemberStreams
from subscriptions.fanout.keys import GroupKey, SharedPlan, shared_plan
from subscriptions.fanout.member import Member, Socket
from subscriptions.fanout.payloads import (
    dumps,
    error_list,
    is_failure,
    lost_payload,
    result_payload,
    resync_payload,
)
from subscriptions.live.registry import Feeds

logger = logging.getLogger("samverka.fanout")

PLANS = 256  # distinct subscription documents remembered per process


class Client(Socket, Protocol):
    """The socket a member is served on."""

    async def send_raw(self, text: str) -> None: ...

    async def send_error(self, operation_id: str, errors: list[dict[str, Any]]) -> None: ...

    async def send_complete(self, operation_id: str) -> None: ...


class FanOut:
    def __init__(self, schema: Schema, feeds: Feeds, *, shared: bool, max_tokens: int) -> None:
        self.schema = schema
        self.feeds = feeds
        self.groups: dict[GroupKey, RenderGroup] = {}
        self.checks: set[asyncio.Task[None]] = set()
        self.max_tokens = max_tokens
        self.enabled = shared
        # parsing and walking a document once, not once per subscriber sending it
        self.plan = functools.lru_cache(maxsize=PLANS)(self._plan)

    def _plan(self, query: str, operation_name: str | None) -> SharedPlan | None:
        if not self.enabled:
            return None
        return shared_plan(self.schema._schema, query, operation_name, self.max_tokens)

    async def join(
        self,
        key: GroupKey,
        member: Member,
        context: Context,
        query: str,
        variables: dict[str, Any],
        operation_name: str | None,
    ) -> tuple[RenderGroup, int | None]:
        # no await between looking the group up and counting this joiner in it
        group = self.groups.get(key)
        if group is None or group.failed:
            group = RenderGroup(
                key,
                self.schema,
                self.feeds,
                context,
                query,
                variables,
                operation_name,
                self.check_access,
            )
            self.groups[key] = group
            group.start()
        group.joining += 1
        started = False
        try:
            started = await group.ready()
        finally:
            group.joining -= 1
            if not started and group.unused:  # failed, or the last joiner gave up waiting
                await self._drop(group)
        if not started:
            raise PublicError("The live stream could not start; subscribe again.")
        position = group.attach(member)
        member.group = group
        return group, position

    def check_access(self, member: Member, follower: Follower) -> None:
        """Read a held member's access again; release it, or end it."""
        task = asyncio.create_task(self._check_access(member, follower), name="fanout-access")
        self.checks.add(task)
        task.add_done_callback(self.checks.discard)

    async def _check_access(self, member: Member, follower: Follower) -> None:
        verdict = await follower.verdict()
        if verdict is Verdict.SAME:
            member.release()
        elif verdict is Verdict.CHANGED:
            member.finish(resync_payload(member.last_sent, ACCESS_CHANGED))
        else:
            member.finish(lost_payload(follower.lost()))

    async def leave(self, member: Member) -> None:
        group = member.group
        if not isinstance(group, RenderGroup):
            return
        group.detach(member)
        if group.unused:
            await self._drop(group)

    async def _drop(self, group: RenderGroup) -> None:
        if self.groups.get(group.key) is group:
            del self.groups[group.key]
        await group.stop()

    async def serve(
        self,
        client: Client,
        operation_id: str,
        query: str,
        plan: SharedPlan,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        context: Context,
    ) -> None:
        """Run one shared subscription until the client completes it or it must end."""
        member = Member(client, operation_id)
        viewer = context.viewer
        viewer_key = (viewer.user_id, viewer.guest) if plan.viewer_specific else None
        streams = MemberStreams(
            self, member, context, query, variables, operation_name, plan.request, viewer_key
        )
        context.streams = streams
        try:
            if not await self._replay(
                client, member, streams, query, variables, operation_name, context
            ):
                return
            for seq, payload in member.replay_payloads:
                await client.send_raw(member.frame(payload))
                member.last_sent = seq
            member.go_live()
            await self._wait(member, streams)
            if member.final is not None:
                await client.send_raw(member.frame(member.final))
            await client.send_complete(operation_id)
        finally:
            member.finish(None)
            await self.leave(member)

    async def _replay(
        self,
        client: Client,
        member: Member,
        streams: MemberStreams,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        context: Context,
    ) -> bool:
        """The member's own execution: authorisation, joining, and its replay. False if it ended."""
        stream = await self.schema.subscribe(query, variables, context, operation_name)
        if isinstance(stream, ExecutionResult):
            await client.send_error(member.operation_id, error_list(stream))
            return False
        async with contextlib.aclosing(stream) as results:
            async for result in results:
                if is_failure(result):
                    if member.group is None:
                        await client.send_error(member.operation_id, error_list(result))
                    else:
                        await client.send_raw(member.frame(dumps(result_payload(result))))
                        await client.send_complete(member.operation_id)
                    return False
                await client.send_raw(member.frame(dumps(result_payload(result))))
                member.last_sent = streams.replaying
        if member.group is None:
            await client.send_complete(member.operation_id)
            return False
        return True

    async def _wait(self, member: Member, streams: MemberStreams) -> None:
        """Until the member is done; a follower shown present counts as connected meanwhile."""
        if streams.present_as is None or streams.feed is None or streams.key is None:
            await member.done.wait()
            return
        who, where = streams.present_as
        async with self.feeds.board(streams.feed, streams.key) as board:
            await board.enter(who, where)
            try:
                await member.done.wait()
            finally:
                await board.leave(who)
