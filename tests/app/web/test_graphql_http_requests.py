"""/graphql request errors per GraphQL-over-HTTP: which operation runs, HEAD, and the
status, media type and body of every malformed request."""

from __future__ import annotations

import json

import httpx
import pytest
from graphql import OperationType

from schema.operations import CACHED_LENGTH, Choice, choose_operation

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
TWO_QUERIES = "query A { principles { code } } query B { viewer { id } }"
QUERY_AND_MUTATION = "query A { principles { code } } mutation B { logOut { ok } }"
MULTIPLE = "Must provide operation name if query contains multiple operations."
ACCEPTS = [GRAPHQL_RESPONSE, JSON]
# a request error: 4xx with graphql-response+json, 200 with the legacy application/json
REQUEST_ERROR_STATUS = {GRAPHQL_RESPONSE: 400, JSON: 200}


def media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0]


def error(message: str) -> dict[str, object]:
    return {"errors": [{"message": message}]}


async def post(http: httpx.AsyncClient, body: object, accept: str) -> httpx.Response:
    return await http.post(
        "/graphql", content=json.dumps(body), headers={"content-type": JSON, "accept": accept}
    )


async def get(http: httpx.AsyncClient, params: dict[str, str], accept: str) -> httpx.Response:
    return await http.get("/graphql", params=params, headers={"accept": accept})


def assert_answer(response: httpx.Response, status: int, accept: str, body: object) -> None:
    assert (response.status_code, media_type(response), response.json()) == (status, accept, body)


# -- choosing the operation (GraphQL spec GetOperation) ------------------------------------


@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize("document", [TWO_QUERIES, QUERY_AND_MUTATION])
@pytest.mark.parametrize("operation_name", [None, ""])
async def test_several_operations_without_a_name_is_a_request_error(
    http: httpx.AsyncClient, accept: str, document: str, operation_name: str | None
) -> None:
    response = await post(http, {"query": document, "operationName": operation_name}, accept)
    assert_answer(response, REQUEST_ERROR_STATUS[accept], accept, error(MULTIPLE))


@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize(
    "document", [TWO_QUERIES, "{ principles { code } }", "query A { principles { code } }"]
)
async def test_an_operation_name_naming_no_operation_is_a_request_error(
    http: httpx.AsyncClient, accept: str, document: str
) -> None:
    response = await post(http, {"query": document, "operationName": "C"}, accept)
    assert_answer(
        response, REQUEST_ERROR_STATUS[accept], accept, error('Unknown operation named "C".')
    )


@pytest.mark.parametrize("accept", ACCEPTS)
async def test_a_document_without_operations_is_a_request_error(
    http: httpx.AsyncClient, accept: str
) -> None:
    response = await post(http, {"query": "fragment F on Query { principles { code } }"}, accept)
    assert_answer(
        response, REQUEST_ERROR_STATUS[accept], accept, error("Must provide an operation.")
    )


@pytest.mark.parametrize("accept", ACCEPTS)
async def test_the_named_operation_runs(http: httpx.AsyncClient, accept: str) -> None:
    response = await post(http, {"query": TWO_QUERIES, "operationName": "B"}, accept)
    assert_answer(response, 200, accept, {"data": {"viewer": None}})
    response = await post(http, {"query": TWO_QUERIES, "operationName": "A"}, accept)
    assert response.status_code == 200
    assert len(response.json()["data"]["principles"]) == 6


async def test_post_runs_the_named_mutation_of_several(http: httpx.AsyncClient) -> None:
    response = await post(
        http, {"query": QUERY_AND_MUTATION, "operationName": "B"}, GRAPHQL_RESPONSE
    )
    assert response.status_code == 200
    assert "logOut" in response.json()["data"]


async def test_a_single_operation_needs_no_name(http: httpx.AsyncClient) -> None:
    for document in ("{ viewer { id } }", "query Only { viewer { id } }"):
        response = await post(http, {"query": document}, GRAPHQL_RESPONSE)
        assert_answer(response, 200, GRAPHQL_RESPONSE, {"data": {"viewer": None}})


async def test_a_syntax_error_is_still_reported_as_one(http: httpx.AsyncClient) -> None:
    response = await post(http, {"query": "query A { x } query B {"}, GRAPHQL_RESPONSE)
    assert (response.status_code, media_type(response)) == (400, GRAPHQL_RESPONSE)
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["message"].startswith("Syntax Error")


@pytest.mark.parametrize("accept", ACCEPTS)
async def test_get_with_a_query_and_a_mutation_and_no_name_runs_neither(
    http: httpx.AsyncClient, accept: str
) -> None:
    response = await get(http, {"query": QUERY_AND_MUTATION}, accept)
    assert_answer(response, REQUEST_ERROR_STATUS[accept], accept, error(MULTIPLE))


@pytest.mark.parametrize("accept", ACCEPTS)
async def test_get_selecting_the_query_of_several_runs_it(
    http: httpx.AsyncClient, accept: str
) -> None:
    response = await get(http, {"query": QUERY_AND_MUTATION, "operationName": "A"}, accept)
    assert (response.status_code, media_type(response)) == (200, accept)
    assert len(response.json()["data"]["principles"]) == 6


@pytest.mark.parametrize("accept", ACCEPTS)
async def test_get_selecting_a_mutation_stays_405(http: httpx.AsyncClient, accept: str) -> None:
    response = await get(http, {"query": QUERY_AND_MUTATION, "operationName": "B"}, accept)
    assert_answer(response, 405, accept, error("Mutations must be sent with POST."))
    assert response.headers["allow"] == "POST"


# -- HEAD: GET without the content --------------------------------------------------------


async def test_head_is_answered_as_get_without_the_body(http: httpx.AsyncClient) -> None:
    params = {"query": "{ principles { code } }"}
    got = await get(http, params, GRAPHQL_RESPONSE)
    response = await http.head("/graphql", params=params, headers={"accept": GRAPHQL_RESPONSE})
    assert response.status_code == 200
    assert response.headers["content-type"] == got.headers["content-type"]
    assert response.headers["content-length"] == str(len(got.content))
    assert response.content == b""


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"query": "mutation { logOut { ok } }"}, 405),
        ({"query": QUERY_AND_MUTATION}, 400),
        ({"query": "{ principles { code } }", "variables": "[]"}, 400),
        ({}, 400),
    ],
)
async def test_head_gets_the_status_get_would(
    http: httpx.AsyncClient, params: dict[str, str], status: int
) -> None:
    got = await get(http, params, GRAPHQL_RESPONSE)
    response = await http.head("/graphql", params=params, headers={"accept": GRAPHQL_RESPONSE})
    assert got.status_code == status
    assert (response.status_code, response.content) == (status, b"")
    assert response.headers.get("allow") == got.headers.get("allow")


async def test_head_with_an_unacceptable_accept_gets_406(http: httpx.AsyncClient) -> None:
    response = await http.head(
        "/graphql", params={"query": "{ principles { code } }"}, headers={"accept": "text/csv"}
    )
    assert (response.status_code, response.content) == (406, b"")


# -- malformed requests: status, media type and body ----------------------------------------


async def test_no_accept_header_means_application_json(http: httpx.AsyncClient) -> None:
    del http.headers["accept"]  # httpx sends */* unless told not to
    for response in (
        await http.post(
            "/graphql",
            content=json.dumps({"query": "{ viewer { id } }"}),
            headers={"content-type": JSON},
        ),
        await http.get("/graphql", params={"query": "{ viewer { id } }"}),
    ):
        assert "accept" not in response.request.headers
        assert_answer(response, 200, JSON, {"data": {"viewer": None}})


@pytest.mark.parametrize("accept", ["application/xml", "text/plain", f"{GRAPHQL_RESPONSE};q=0"])
async def test_an_accept_allowing_neither_type_gets_406(
    http: httpx.AsyncClient, accept: str
) -> None:
    response = await post(http, {"query": "{ viewer { id } }"}, accept)
    assert_answer(
        response,
        406,
        JSON,
        error("Accept application/graphql-response+json or application/json."),
    )


@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize("content", [b'{"query":', b"query { viewer { id } }", b"\xff\xfe"])
async def test_a_body_that_is_not_json_gets_400(
    http: httpx.AsyncClient, accept: str, content: bytes
) -> None:
    response = await http.post(
        "/graphql", content=content, headers={"content-type": JSON, "accept": accept}
    )
    assert_answer(response, 400, accept, error("The request body is not valid JSON."))


@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"query": 1}, "`query` must be a string."),
        ({"query": ["{ viewer { id } }"]}, "`query` must be a string."),
        ({"query": {"document": "{ viewer { id } }"}}, "`query` must be a string."),
        ({"query": "{ viewer { id } }", "variables": "{}"}, "`variables` must be an object or null."),
        ({"query": "{ viewer { id } }", "variables": [1]}, "`variables` must be an object or null."),
        ({"query": "{ viewer { id } }", "variables": 0}, "`variables` must be an object or null."),
        ({"query": "{ viewer { id } }", "extensions": "{}"}, "`extensions` must be an object or null."),
        ({"query": "{ viewer { id } }", "extensions": []}, "`extensions` must be an object or null."),
        ({"query": "{ viewer { id } }", "extensions": True}, "`extensions` must be an object or null."),
        ({"query": "{ viewer { id } }", "operationName": 1}, "`operationName` must be a string or null."),
    ],
)  # fmt: skip
async def test_post_parameters_of_the_wrong_type_get_400(
    http: httpx.AsyncClient, accept: str, body: object, message: str
) -> None:
    assert_answer(await post(http, body, accept), 400, accept, error(message))


@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"query": "{ viewer { id } }", "variables": "[]"}, "`variables` must be an object or null."),
        ({"query": "{ viewer { id } }", "variables": "1"}, "`variables` must be an object or null."),
        ({"query": "{ viewer { id } }", "variables": "{no"}, "`variables` is not valid JSON."),
        ({"query": "{ viewer { id } }", "extensions": '"x"'}, "`extensions` must be an object or null."),
        ({"query": "{ viewer { id } }", "extensions": "{no"}, "`extensions` is not valid JSON."),
        ({}, "The request has no `query`."),
    ],
)  # fmt: skip
async def test_get_parameters_of_the_wrong_type_get_400(
    http: httpx.AsyncClient, accept: str, params: dict[str, str], message: str
) -> None:
    assert_answer(await get(http, params, accept), 400, accept, error(message))


# -- the operation check itself -------------------------------------------------------------


def test_operation_error_leaves_unparsable_documents_to_strawberry() -> None:
    assert choose_operation("query A {", None, 3000) == Choice()
    assert choose_operation("{ a } { b }", None, 3) == Choice()  # over the token limit


def test_operation_error_on_long_documents_is_not_cached() -> None:
    padding = "#" + "x" * CACHED_LENGTH + "\n"
    assert choose_operation(padding + "query A { a } query B { b }", None, 3000).error == MULTIPLE
    assert choose_operation(padding + "query A { a } query B { b }", "B", 3000).error is None


def test_the_chosen_operation_says_its_kind() -> None:
    document = "query A { a } subscription B { b }"
    assert choose_operation(document, "B", 3000) == Choice(kind=OperationType.SUBSCRIPTION)
    assert choose_operation("{ a }", "", 3000) == Choice(kind=OperationType.QUERY)
