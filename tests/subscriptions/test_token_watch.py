"""A WebSocket lives only as long as its token: logOut (in this process or another), a
revocation whose announcement was lost, and expiry all close it with 4403; sockets with other
tokens stay open."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.runtime import Runtime
from app.services.accounts.tokens import REVOKED_CHANNEL, issue_token
from app.services.clock import now
from db.models import AuthToken
from subscriptions.backends.supervised import SupervisedBackend
from subscriptions.broadcast import RECONNECTED
from tests.conftest import REDIS_URL, need_services, settings_for
from tests.support.graphql import GraphQLClient, ok
from tests.support.people import Person, make_person
from tests.support.redis_server import RedisServer
from tests.support.servers import Serving, serving
from tests.support.waiting import until
from tests.support.ws import WSClient, ws_client

LOG_OUT = "mutation { logOut { ok errors { code } } }"
VIEWER = "{ viewer { displayName } }"


async def second_token(runtime: Runtime, person: Person) -> str:
    async with runtime.db.write() as session:
        return await issue_token(session, person.user_id, ttl_days=1)


async def still_open(ws: WSClient) -> bool:
    """Whether the socket still answers (a query over it, for its own token)."""
    await ws.subscribe("alive", VIEWER)
    message = await ws.receive()
    assert (await ws.receive())["type"] == "complete"
    return message["type"] == "next" and message["payload"]["data"]["viewer"] is not None


async def test_logging_out_closes_the_sockets_using_that_token(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    person, other = await make_person(runtime.db), await make_person(runtime.db)
    spare = await second_token(runtime, person)
    async with (
        ws_client(server) as leaving,
        ws_client(server) as same_person,
        ws_client(server) as someone_else,
    ):
        await leaving.init(person.token)
        await same_person.init(spare)
        await someone_else.init(other.token)
        assert ok(await gql.as_(person.token).mutate(LOG_OUT, {})) == {"ok": True, "errors": []}
        assert await leaving.closed_with() == (4403, "Forbidden")
        # the person's other token, and other people's, are not touched
        assert await still_open(same_person)
        assert await still_open(someone_else)
    assert list(runtime.tokens.sockets) == []  # closed sockets are not watched any more


@pytest.fixture
async def two_apps_on_redis(database_url: str, runtime: Runtime) -> AsyncIterator[list[Serving]]:
    need_services()
    settings = settings_for(database_url, broadcast_url=REDIS_URL)
    async with serving(settings) as first, serving(settings) as second:
        yield [first, second]


async def test_logging_out_in_one_process_closes_sockets_in_another(
    runtime: Runtime, two_apps_on_redis: list[Serving]
) -> None:
    first, second = two_apps_on_redis
    person = await make_person(runtime.db)
    async with ws_client(second.address) as ws:
        await ws.init(person.token)
        ok(await first.gql.as_(person.token).mutate(LOG_OUT, {}))
        assert await ws.closed_with() == (4403, "Forbidden")


@pytest.fixture
async def checking_often(database_url: str, runtime: Runtime) -> AsyncIterator[Serving]:
    async with serving(settings_for(database_url, ws_token_check_seconds=0.2)) as app:
        yield app


@pytest.mark.parametrize("ending", ["revoked without announcement", "expired"])
async def test_the_periodic_check_closes_sockets_whose_token_ended(
    runtime: Runtime, checking_often: Serving, ending: str
) -> None:
    person, other = await make_person(runtime.db), await make_person(runtime.db)
    async with ws_client(checking_often.address) as ws, ws_client(checking_often.address) as kept:
        await ws.init(person.token)
        await kept.init(other.token)
        values = (
            {"expires_at": now() - timedelta(seconds=1)}
            if ending == "expired"
            else {"revoked_at": now()}
        )
        async with runtime.db.write() as session:
            await session.execute(
                update(AuthToken).where(AuthToken.user_id == person.user_id).values(**values)
            )
        assert await ws.closed_with() == (4403, "Forbidden")
        assert await still_open(kept)


async def test_a_garbled_revocation_message_does_not_stop_the_next_one(
    runtime: Runtime, server: str
) -> None:
    person = await make_person(runtime.db)
    async with ws_client(server) as ws:
        await ws.init(person.token)
        await runtime.hub.publish(REVOKED_CHANNEL, "not a token id")
        async with runtime.db.write() as session:
            token_id = await session.scalar(
                select(AuthToken.id).where(AuthToken.user_id == person.user_id)
            )
        assert token_id is not None
        await runtime.hub.publish(REVOKED_CHANNEL, str(token_id))
        assert await ws.closed_with() == (4403, "Forbidden")


async def announce_reconnection(runtime: Runtime) -> None:
    """What a broadcast backend tells its subscribers when its server is back."""
    backend = runtime.hub.backend
    if isinstance(backend, SupervisedBackend):  # Redis, PostgreSQL: as its reconnect loop does
        backend._deliver(RECONNECTED, "")
    else:  # in-process: no server to lose, the event is only a channel
        await runtime.hub.publish(RECONNECTED, "")


async def test_a_broadcast_that_came_back_has_the_sockets_checked_at_once(
    runtime: Runtime, server: str
) -> None:
    # a revocation announced while the broadcast was down is lost; its reconnection is not
    assert runtime.settings.ws_token_check_seconds >= 30  # the periodic check is no help here
    person, other = await make_person(runtime.db), await make_person(runtime.db)
    async with ws_client(server) as ws, ws_client(server) as kept:
        await ws.init(person.token)
        await kept.init(other.token)
        async with runtime.db.write() as session:
            await session.execute(
                update(AuthToken)
                .where(AuthToken.user_id == person.user_id)
                .values(revoked_at=now())
            )
        await announce_reconnection(runtime)
        assert await ws.closed_with() == (4403, "Forbidden")
        assert await still_open(kept)


async def test_while_the_broadcast_is_down_revocations_are_read_from_the_database(
    database_url: str, runtime: Runtime, own_redis: RedisServer
) -> None:
    # the feeds poll the log every 0.3 s while the broadcast is quiet; tokens every minute
    settings = settings_for(database_url, broadcast_url=own_redis.url, live_feed_poll_seconds=0.3)
    assert settings.ws_token_check_seconds >= 30
    async with serving(settings) as app:
        person, other = await make_person(runtime.db), await make_person(runtime.db)
        async with ws_client(app.address) as ws, ws_client(app.address) as kept:
            await ws.init(person.token)
            await kept.init(other.token)
            await own_redis.stop()
            await until(lambda: not app.runtime.hub.is_up, "the app sees the broadcast down")
            # logOut's announcement cannot get through: the database says it all the same
            ok(await app.gql.as_(person.token).mutate(LOG_OUT, {}))
            assert await ws.closed_with(seconds=3) == (4403, "Forbidden")
            assert await still_open(kept)
