"""The rules of graphql-transport-ws, and the token in connection_init."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from starlette.applications import Starlette

from app.main import create_app
from app.runtime import Runtime
from tests.conftest import settings_for
from tests.support.cafe import make_cafe
from tests.support.graphql import GraphQLClient, ok
from tests.support.people import make_person
from tests.support.servers import live_server
from tests.support.ws import EVENTS, ws_client

VIEWER = "{ viewer { displayName } }"


async def test_query_over_websocket(server: str) -> None:
    async with ws_client(server) as ws:
        assert await ws.init() == {"type": "connection_ack"}
        await ws.subscribe("1", "{ principles { code } }")
        message = await ws.receive()
        assert message["type"] == "next"
        assert message["id"] == "1"
        assert len(message["payload"]["data"]["principles"]) == 6
        assert await ws.receive() == {"id": "1", "type": "complete"}


async def test_the_connection_init_token_authenticates(server: str, runtime: Runtime) -> None:
    person = await make_person(runtime.db, "Anna")
    async with ws_client(server) as ws:
        await ws.init(person.token)
        await ws.subscribe("me", VIEWER)
        assert (await ws.receive())["payload"] == {"data": {"viewer": {"displayName": "Anna"}}}


async def test_the_authorization_key_may_be_capitalised_as_graphiql_sends_it(
    server: str, runtime: Runtime
) -> None:
    person = await make_person(runtime.db, "Anna")
    async with ws_client(server) as ws:
        assert await ws.init(Authorization=f"Bearer {person.token}") == {"type": "connection_ack"}
        await ws.subscribe("me", VIEWER)
        assert (await ws.receive())["payload"]["data"]["viewer"] == {"displayName": "Anna"}


async def test_mutation_over_websocket(server: str, runtime: Runtime) -> None:
    person = await make_person(runtime.db)
    async with ws_client(server) as ws:
        await ws.init(person.token)
        await ws.subscribe("m", "mutation { logOut { ok } }")
        assert (await ws.receive())["payload"] == {"data": {"logOut": {"ok": True}}}
        await ws.receive()  # complete
        # the token is revoked: later operations on this socket are refused
        await ws.subscribe("again", VIEWER)
        message = await ws.receive()
        assert message["type"] == "error"
        assert message["id"] == "again"


async def test_a_bad_token_is_forbidden(server: str) -> None:
    async with ws_client(server) as ws:
        await ws.send({"type": "connection_init", "payload": {"authorization": "Bearer svk_nope"}})
        assert await ws.closed_with() == (4403, "Forbidden")


async def test_subscribe_before_init_is_unauthorized(server: str) -> None:
    async with ws_client(server) as ws:
        await ws.subscribe("1", VIEWER)
        assert await ws.closed_with() == (4401, "Unauthorized")


async def test_a_second_init_is_too_many(server: str) -> None:
    async with ws_client(server) as ws:
        await ws.init()
        await ws.send({"type": "connection_init"})
        assert await ws.closed_with() == (4429, "Too many initialisation requests")


@pytest.mark.parametrize(
    "message",
    [
        "not json",
        '{"no": "type"}',
        '{"type": "what"}',
        '{"type": "subscribe", "id": 1, "payload": {"query": "{ __typename }"}}',
        '{"type": "subscribe", "id": "1", "payload": {}}',
        '{"type": "subscribe", "id": "1", "payload": {"query": "{ __typename }", "variables": []}}',
    ],
)
async def test_invalid_messages_close_with_4400(server: str, message: str) -> None:
    async with ws_client(server) as ws:
        await ws.init()
        await ws.connection.send(message)
        code, _ = await ws.closed_with()
        assert code == 4400


async def test_binary_messages_close_with_4400(server: str) -> None:
    async with ws_client(server) as ws:
        await ws.connection.send(b"\x00\x01")
        assert (await ws.closed_with())[0] == 4400


async def test_other_subprotocols_are_refused(server: str) -> None:
    async with ws_client(server, subprotocols=["graphql-ws"]) as ws:
        assert (await ws.closed_with())[0] == 4406


async def test_ping_pong(server: str) -> None:
    async with ws_client(server) as ws:
        await ws.send({"type": "ping"})
        assert await ws.receive() == {"type": "pong"}


async def test_validation_errors_are_error_messages(server: str) -> None:
    async with ws_client(server) as ws:
        await ws.init()
        await ws.subscribe("bad", "{ noSuchField }")
        message = await ws.receive()
        assert message["type"] == "error"
        assert message["id"] == "bad"
        assert "Cannot query field" in message["payload"][0]["message"]
        # the socket stays usable
        await ws.subscribe("good", "{ __typename }")
        assert (await ws.receive())["payload"] == {"data": {"__typename": "Query"}}


@pytest.fixture
async def quick_timeout_server(database_url: str, runtime: Runtime) -> AsyncIterator[str]:
    application: Starlette = create_app(
        settings_for(database_url, ws_connection_init_timeout_seconds=0.2)
    )
    async with (
        application.router.lifespan_context(application),
        live_server(application) as address,
    ):
        yield address


async def test_connection_init_must_come_in_time(quick_timeout_server: str) -> None:
    async with ws_client(quick_timeout_server) as ws:
        assert await ws.closed_with() == (4408, "Connection initialisation timeout")


async def test_duplicate_operation_ids_close_the_socket(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    async with ws_client(server) as ws:
        await ws.init(cafe.organiser.token)
        await ws.subscribe("same", EVENTS, {"s": cafe.session_id})
        await asyncio.sleep(0.2)
        await ws.subscribe("same", EVENTS, {"s": cafe.session_id})
        assert await ws.closed_with() == (4409, "Subscriber for same already exists")


async def test_client_complete_stops_a_subscription_and_frees_its_id(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    async with ws_client(server) as ws:
        await ws.init(cafe.organiser.token)
        await ws.subscribe("s", EVENTS, {"s": cafe.session_id})
        await asyncio.sleep(0.2)
        await ws.send({"id": "s", "type": "complete"})
        await asyncio.sleep(0.2)
        ok(await cafe.note(cafe.as_organiser(), "Efter complete"))
        # nothing more arrives for the completed operation, and its id can be used again
        await ws.subscribe("s", "{ __typename }")
        assert await ws.receive() == {
            "id": "s",
            "type": "next",
            "payload": {"data": {"__typename": "Query"}},
        }
        assert await ws.receive() == {"id": "s", "type": "complete"}
    assert runtime.fanout.groups == {}


async def test_subscribing_without_a_required_variable_is_an_error(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    async with ws_client(server) as ws:
        await ws.init()
        await ws.subscribe("x", EVENTS, {})
        message = await ws.receive()
        assert message["type"] == "error"
        assert message["id"] == "x"
