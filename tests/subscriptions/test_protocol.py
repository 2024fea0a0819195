"""The rules of graphql-transport-ws, and the token in connection_init."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest

from app.runtime import Runtime
from subscriptions.protocol import MAX_OPERATIONS_PER_SOCKET, too_large
from tests.conftest import settings_for
from tests.support.cafe import make_cafe
from tests.support.graphql import GraphQLClient, ok
from tests.support.people import make_person
from tests.support.servers import serving
from tests.support.waiting import event_streams, until, until_following
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
        assert await ws.receive() == {"id": "m", "type": "complete"}
        # the token is revoked: the socket that used it closes, after answering
        assert await ws.closed_with() == (4403, "Forbidden")


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


@pytest.mark.parametrize("offered", [["graphql-ws"], []])
async def test_a_refused_subprotocol_is_a_close_never_a_traceback(
    server: str, caplog: pytest.LogCaptureFixture, offered: list[str]
) -> None:
    caplog.set_level(logging.ERROR)
    async with ws_client(server, subprotocols=offered) as ws:
        assert (await ws.closed_with())[0] == 4406
    await asyncio.sleep(0.05)  # the server's side of the handshake has ended
    assert [
        record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR
    ] == []


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
    async with serving(settings_for(database_url, ws_connection_init_timeout_seconds=0.2)) as app:
        yield app.address


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
        await until_following(runtime, cafe.session_id)
        await ws.subscribe("same", EVENTS, {"s": cafe.session_id})
        assert await ws.closed_with() == (4409, "Subscriber for same already exists")


async def test_client_complete_stops_a_subscription_and_frees_its_id(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    async with ws_client(server) as ws:
        await ws.init(cafe.organiser.token)
        await ws.subscribe("s", EVENTS, {"s": cafe.session_id})
        await until_following(runtime, cafe.session_id)
        await ws.send({"id": "s", "type": "complete"})
        await until(lambda: event_streams(runtime, cafe.session_id) == 0, "the stream stops")
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


@pytest.mark.parametrize("payload", ['"Bearer x"', "[]", "7"])
async def test_a_connection_init_payload_that_is_not_an_object_closes_with_4400(
    server: str, payload: str
) -> None:
    async with ws_client(server) as ws:
        await ws.connection.send(f'{{"type": "connection_init", "payload": {payload}}}')
        assert await ws.closed_with() == (4400, "Invalid connection init payload")


async def test_one_socket_runs_a_bounded_number_of_operations(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    guest = gql.as_(await cafe.join_guest("Gäst"))
    async with ws_client(server) as ws:
        await ws.init(cafe.organiser.token)
        seen = await cafe.last_seq()
        for n in range(MAX_OPERATIONS_PER_SOCKET):
            await ws.subscribe(f"op{n}", EVENTS, {"s": cafe.session_id, "a": seen})
        await ws.subscribe("one-too-many", EVENTS, {"s": cafe.session_id})
        assert await ws.receive() == {
            "id": "one-too-many",
            "type": "error",
            "payload": [{"message": "Too many operations on this connection."}],
        }
        # the socket stays open and the running operations still deliver
        ok(await cafe.note(guest, "Fortfarande här"))  # one event
        delivered: list[str] = []
        async with asyncio.timeout(10):
            while len(delivered) < MAX_OPERATIONS_PER_SOCKET:
                message = await ws.receive()
                assert message["type"] == "next", message
                assert message["payload"]["data"]["cafeSessionEvents"]["seq"] == seen + 1
                delivered.append(message["id"])
        assert sorted(delivered) == sorted(f"op{n}" for n in range(MAX_OPERATIONS_PER_SOCKET))


async def test_a_message_larger_than_an_http_body_may_be_closes_the_socket(
    server: str, runtime: Runtime
) -> None:
    limit = runtime.settings.max_body_bytes
    async with ws_client(server) as ws:
        await ws.init()
        await ws.subscribe("fits", "{ __typename }" + " " * (limit - 500))
        assert (await ws.receive())["payload"] == {"data": {"__typename": "Query"}}
        await ws.receive()  # complete
        await ws.subscribe("big", "{ __typename }" + " " * limit)
        assert await ws.closed_with() == (1009, "Message too big")


def test_message_size_is_counted_in_utf8_bytes() -> None:
    assert not too_large("å" * 500, 1000)
    assert too_large("å" * 501, 1000)
    assert too_large("a" * 1001, 1000)
    assert not too_large("a" * 1000, 1000)


async def test_an_id_completed_and_used_again_at_once_serves_the_new_subscription(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    guest = gql.as_(await cafe.join_guest("Gäst"))
    async with ws_client(server) as ws:
        await ws.init(cafe.organiser.token)
        seen = await cafe.last_seq()
        for _ in range(3):
            await ws.subscribe("s", EVENTS, {"s": cafe.session_id, "a": seen})
            await asyncio.sleep(0.15)  # running, in its group
            # completed and subscribed again with no pause: the old one is still cleaning up
            await ws.send({"id": "s", "type": "complete"})
        await ws.subscribe("s", EVENTS, {"s": cafe.session_id, "a": seen})
        await until(lambda: event_streams(runtime, cafe.session_id) == 1, "one stream follows")
        ok(await cafe.note(guest, "Till den nya"))
        message = await ws.receive()
        assert message["id"] == "s"
        assert message["payload"]["data"]["cafeSessionEvents"]["seq"] == seen + 1
        # and completing it stops it: nothing is left running for this socket
        await ws.send({"id": "s", "type": "complete"})
        # nor kept: the locks that guarded the session's feed go with it
        await until(
            lambda: (
                (runtime.fanout.groups, runtime.feeds.feeds, runtime.feeds._locks) == ({}, {}, {})
            ),
            "nothing is left running or kept for the socket",
        )


async def test_a_document_of_several_operations_needs_a_name_to_run_any(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    two = (
        "query A { principles { code } } "
        'subscription B { cafeSessionEvents(sessionId: "x") { seq } }'
    )
    async with ws_client(server) as ws:
        await ws.init(cafe.organiser.token)
        await ws.send({"id": "x", "type": "subscribe", "payload": {"query": two}})
        assert await ws.receive() == {
            "id": "x",
            "type": "error",
            "payload": [
                {"message": "Must provide operation name if query contains multiple operations."}
            ],
        }
        # named, the chosen one runs, and the id is free again
        payload = {"query": two, "operationName": "A"}
        await ws.send({"id": "x", "type": "subscribe", "payload": payload})
        first = await ws.receive()
        assert (first["id"], first["type"]) == ("x", "next")
        assert len(first["payload"]["data"]["principles"]) == 6
        assert await ws.receive() == {"id": "x", "type": "complete"}


async def test_an_empty_operation_name_names_no_operation_as_over_http(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    async with ws_client(server) as ws:
        await ws.init(cafe.organiser.token)
        payload = {"query": "{ principles { code } }", "operationName": ""}
        await ws.send({"id": "x", "type": "subscribe", "payload": payload})
        first = await ws.receive()
        assert (first["type"], len(first["payload"]["data"]["principles"])) == ("next", 6)


async def test_an_operation_name_the_document_lacks_runs_nothing(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    cafe = await make_cafe(gql, runtime)
    async with ws_client(server) as ws:
        await ws.init(cafe.organiser.token)
        payload = {"query": "query A { principles { code } }", "operationName": "B"}
        await ws.send({"id": "x", "type": "subscribe", "payload": payload})
        assert await ws.receive() == {
            "id": "x",
            "type": "error",
            "payload": [{"message": 'Unknown operation named "B".'}],
        }
