"""A feed of the tests' own, not a domain: numbered ticks under a key, written by anyone
logged in and followed by anyone logged in. It shows what any live domain gets from a feed
declaration alone: the log, publish after commit, replay, shared rendering per scope and per
viewer, both broadcast backends."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from enum import StrEnum

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.live import log
from app.services.live.feeds import Feed, LoggedEvent, Payload
from app.services.live.follower import AccessLost, SteadyFollower
from app.services.viewer import Viewer
from schema import SchemaParts
from schema.context import Info
from schema.errors import UserError
from schema.live import follow, live_subscription
from schema.mutation import mutate, mutation
from schema.sharing import scope_field, viewer_field


class TickKind(StrEnum):
    TICK = "TICK"


class Tick(Payload):
    text: str


COUNTER: Feed[TickKind] = Feed(name="test.counter", kinds={TickKind.TICK: Tick})


async def tick(session: AsyncSession, viewer: Viewer, key: int, text: str) -> LoggedEvent:
    viewer.require_account()
    return await log.record(session, COUNTER, key, TickKind.TICK, Tick(text=text))


@strawberry.type
class TickEvent:
    seq: int
    text: str

    @viewer_field(description="Who follows: the viewer's own user id.")
    def follower_id(self, info: Info) -> int | None:
        return info.context.viewer.user_id

    @scope_field(description="Whether the follower is logged in (the scope).")
    def logged_in(self, info: Info) -> bool:
        return info.context.viewer.is_authenticated


@strawberry.type
class TickPayload:
    seq: int | None
    errors: list[UserError]


@strawberry.type
class CounterMutations:
    @mutation(description="Add a tick to a counter.")
    async def test_tick(self, info: Info, key: int, text: str) -> TickPayload:
        outcome = await mutate(info, tick, key, text)
        seq = outcome.value.seq if outcome.value is not None else None
        return TickPayload(seq=seq, errors=outcome.errors)


async def _follower(info: Info) -> SteadyFollower:
    viewer = info.context.viewer
    if viewer.user_id is None:
        raise AccessLost("No such counter.")
    return SteadyFollower(viewer, (viewer.is_authenticated,), "No such counter.")


@strawberry.type
class CounterSubscriptions:
    @live_subscription(cursor="afterSeq", description="A counter's ticks.")
    async def test_ticks(
        self, info: Info, key: int, after_seq: int | None = None
    ) -> AsyncGenerator[TickEvent, None]:
        async for event in follow(info, COUNTER, key, after_seq, lambda: _follower(info)):
            assert isinstance(event.payload, Tick)
            yield TickEvent(seq=event.seq, text=event.payload.text)


COUNTER_PARTS = SchemaParts(mutations=(CounterMutations,), subscriptions=(CounterSubscriptions,))
