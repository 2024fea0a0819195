"""Input that JSON allows but Python's text and recursion do not: lone surrogates repeated back in
an error, and nesting deeper than a parser recurses. Each gets a clear 400 (or a readable
error), over HTTP and WebSocket, and never an unexpected error."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.support.ws import ws_client

GRAPHQL_RESPONSE = "application/graphql-response+json"
LONE = "\ud800"  # sent as the JSON escape "\ud800"; no UTF-8 text can hold it


async def post_raw(http: httpx.AsyncClient, body: str) -> httpx.Response:
    """`body` as it is: json.dumps escapes a lone surrogate as \\ud800, which is valid JSON."""
    return await http.post(
        "/graphql",
        content=body.encode(),
        headers={"content-type": "application/json", "accept": GRAPHQL_RESPONSE},
    )


@pytest.mark.parametrize(
    "body",
    [
        {"query": "{ principles { code } }", "operationName": LONE},
        {
            "query": "query($f: AssociationFilter) { associations(filter: $f) { totalCount } }",
            "variables": {"f": {LONE: 1}},
        },
        {
            "query": "mutation($i: LogInInput!) { logIn(input: $i) { token } }",
            "variables": {"i": {"email": "a@b.se", "password": "x", LONE: 1}},
        },
    ],
    ids=["operation name", "filter key", "input key"],
)
async def test_a_lone_surrogate_repeated_in_an_error_is_escaped(
    http: httpx.AsyncClient, body: dict[str, object]
) -> None:
    response = await post_raw(http, json.dumps(body))
    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert LONE in message  # repeated, escaped in the JSON text
    assert "\\ud800" in response.text


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize("levels", [5_000, 100_000])
async def test_json_nested_too_deep_is_a_bad_request(http: httpx.AsyncClient, levels: int) -> None:
    body = '{"query": "{ principles { code } }", "variables": {"x": ' + deep(levels) + "}}"
    response = await post_raw(http, body)
    assert response.status_code == 400
    assert response.json() == {"errors": [{"message": "The request body is not valid JSON."}]}


async def test_variables_nested_too_deep_in_a_get_are_a_bad_request(
    http: httpx.AsyncClient,
) -> None:
    got = await http.get(
        "/graphql",
        params={"query": "{ principles { code } }", "variables": '{"x": ' + deep(5_000) + "}"},
        headers={"accept": GRAPHQL_RESPONSE},
    )
    assert got.status_code == 400
    assert got.json() == {"errors": [{"message": "`variables` is not valid JSON."}]}


async def test_a_document_nested_too_deep_is_a_request_error(http: httpx.AsyncClient) -> None:
    query = '{ association(slug: "x") { name } } fragment F on Query { a(x: ' + deep(1400) + ") }"
    response = await post_raw(http, json.dumps({"query": query}))
    assert response.status_code == 400
    assert "data" not in response.json()
    assert response.json()["errors"][0]["message"] != "Unexpected error."


async def test_over_websocket_both_are_answered_and_the_socket_goes_on(server: str) -> None:
    async with ws_client(server) as ws:
        await ws.init()
        subscribe = {"query": "{ __typename }", "operationName": LONE}
        await ws.send({"id": "a", "type": "subscribe", "payload": subscribe})
        answer = await ws.receive()
        assert answer["type"] == "error"
        assert LONE in answer["payload"][0]["message"]
        await ws.send({"type": "ping"})
        assert await ws.receive() == {"type": "pong"}
    async with ws_client(server) as ws:
        await ws.connection.send('{"type": "connection_init", "payload": ' + deep(100_000) + "}")
        assert await ws.closed_with() == (4400, "WebSocket message must be valid JSON")


@pytest.mark.parametrize(
    "kind", [LONE + "x", "x" * 500, "å" * 100], ids=["lone surrogate", "long", "long non-ascii"]
)
async def test_a_close_reason_repeating_the_client_is_still_a_clean_close(
    server: str, kind: str
) -> None:
    async with ws_client(server) as ws:
        await ws.init()
        await ws.send({"type": kind})
        code, reason = await ws.closed_with()
        assert code == 4400
        assert reason is not None
        assert reason.startswith("Unknown message type: ")
        assert len(reason.encode()) <= 123
