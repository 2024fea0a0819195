"""A mutation publishes what it recorded only once its transaction has committed: a change
that is rolled back, by a refusal or by an unexpected error, publishes nothing and leaves no
event and no gap in the session's sequence."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import GlobalID

from app.runtime import Runtime
from app.services.cafe.events import CAFE_SESSION, SessionChanged, SessionSnapshot, record
from app.services.cafe.vocabulary import EventKind
from app.services.errors import ErrorCode, fail
from app.services.viewer import Viewer
from db.models import FeedEvent
from schema.context import Context
from schema.mutation import run_mutation
from tests.support.cafe import make_cafe
from tests.support.graphql import GraphQLClient, ok


class Boom(RuntimeError):
    pass


def spy_on_publishing(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The channels the hub is asked to publish to, from now on."""
    channels: list[str] = []
    publish = runtime.hub.publish

    async def spy(channel: str, body: str) -> bool:
        channels.append(channel)
        return await publish(channel, body)

    monkeypatch.setattr(runtime.hub, "publish", spy)
    return channels


async def event_count(runtime: Runtime, session_id: int) -> int:
    async with runtime.db.read() as session:
        count = await session.scalar(
            select(func.count()).select_from(FeedEvent).where(FeedEvent.key == session_id)
        )
    return int(count or 0)


@pytest.mark.parametrize("failure", ["refused", "unexpected"])
async def test_a_rolled_back_change_publishes_nothing_and_leaves_no_gap(
    gql: GraphQLClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    guest = gql.as_(await cafe.join_guest("Gäst"))
    session_id = int(GlobalID.from_id(cafe.session_id).node_id)
    seq_before = await cafe.last_seq()
    events_before = await event_count(runtime, session_id)
    published = spy_on_publishing(runtime, monkeypatch)
    info: Any = SimpleNamespace(context=Context(shared=runtime.shared, viewer=Viewer()))

    async def record_then_fail(session: AsyncSession) -> None:
        payload = SessionChanged(
            session=SessionSnapshot(id=session_id, title="Kafé", status="LIVE")
        )
        recorded = await record(session, session_id, EventKind.SESSION_UPDATED, payload)
        assert recorded.seq == seq_before + 1
        if failure == "refused":
            raise fail(ErrorCode.FORBIDDEN, "Refused after recording.")
        raise Boom

    if failure == "refused":
        outcome = await run_mutation(info, record_then_fail)
        assert [error.code for error in outcome.errors] == [ErrorCode.FORBIDDEN]
    else:
        with pytest.raises(Boom):
            await run_mutation(info, record_then_fail)

    assert published == []
    assert await cafe.last_seq() == seq_before
    assert await event_count(runtime, session_id) == events_before
    # the next accepted change takes the number the rolled-back one gave up, and is published
    ok(await cafe.note(guest, "Efter återställningen"))
    assert await cafe.last_seq() == seq_before + 1
    assert published == [CAFE_SESSION.channel(session_id)]
