"""/graphql over HTTP follows the GraphQL-over-HTTP specification."""

from __future__ import annotations

import json

import httpx
import pytest

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
QUERY = "{ principles { code } }"


async def post(
    http: httpx.AsyncClient, body: object, accept: str | None = GRAPHQL_RESPONSE, **headers: str
) -> httpx.Response:
    if accept is not None:
        headers["accept"] = accept
    return await http.post(
        "/graphql", content=json.dumps(body), headers={"content-type": JSON, **headers}
    )


def media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0]


async def test_post_answers_in_the_accepted_media_type(http: httpx.AsyncClient) -> None:
    for accept in (GRAPHQL_RESPONSE, JSON):
        response = await post(http, {"query": QUERY}, accept=accept)
        assert response.status_code == 200
        assert media_type(response) == accept
        assert "charset=utf-8" in response.headers["content-type"]
        assert len(response.json()["data"]["principles"]) == 6


async def test_without_accept_the_legacy_json_is_used(http: httpx.AsyncClient) -> None:
    response = await post(http, {"query": QUERY}, accept=None)
    assert response.status_code == 200
    assert media_type(response) == JSON


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        ("*/*", JSON),
        ("application/*", JSON),
        (f"{JSON}, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};q=0.5, {JSON}", JSON),
        (f"{GRAPHQL_RESPONSE}, */*;q=0.8", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};charset=utf-8", GRAPHQL_RESPONSE),
    ],
)
async def test_accept_negotiation(http: httpx.AsyncClient, accept: str, chosen: str) -> None:
    response = await post(http, {"query": QUERY}, accept=accept)
    assert (response.status_code, media_type(response)) == (200, chosen)


async def test_unacceptable_accept_gets_406(http: httpx.AsyncClient) -> None:
    for accept in ("application/xml", "text/plain", f"{GRAPHQL_RESPONSE};q=0"):
        response = await post(http, {"query": QUERY}, accept=accept)
        assert response.status_code == 406


async def test_get_runs_queries(http: httpx.AsyncClient) -> None:
    response = await http.get(
        "/graphql", params={"query": QUERY}, headers={"accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 200
    assert len(response.json()["data"]["principles"]) == 6


async def test_get_with_variables_and_operation_name(http: httpx.AsyncClient) -> None:
    response = await http.get(
        "/graphql",
        params={
            "query": "query A { principles { code } } query B($s: String!) { association(slug: $s) { name } }",
            "operationName": "B",
            "variables": json.dumps({"s": "no-such-association"}),
        },
        headers={"accept": GRAPHQL_RESPONSE},
    )
    assert response.json() == {"data": {"association": None}}


async def test_get_refuses_mutations_with_405(http: httpx.AsyncClient) -> None:
    response = await http.get(
        "/graphql",
        params={"query": "mutation { logOut { ok } }"},
        headers={"accept": GRAPHQL_RESPONSE},
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert "data" not in response.json()


async def test_get_with_bad_variables_json_is_400(http: httpx.AsyncClient) -> None:
    response = await http.get(
        "/graphql", params={"query": QUERY, "variables": "{nope"}, headers={"accept": JSON}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/graphql",
    ],
)
async def test_post_bodies_other_than_json_get_415(
    http: httpx.AsyncClient, content_type: str
) -> None:
    # a cross-site form cannot send application/json without a CORS preflight: no CSRF
    response = await http.post(
        "/graphql",
        content=json.dumps({"query": QUERY}),
        headers={"content-type": content_type, "accept": JSON},
    )
    assert response.status_code == 415
    assert "data" not in response.json()


async def test_post_without_content_type_gets_415(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql", content=b'{"query":"{ principles { code } }"}', headers={"accept": JSON}
    )
    assert response.status_code == 415


async def test_post_with_another_charset_gets_415(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql",
        content=json.dumps({"query": QUERY}).encode("utf-16"),
        headers={"content-type": "application/json; charset=utf-16", "accept": JSON},
    )
    assert response.status_code == 415


async def test_post_with_charset_utf8_is_fine(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql",
        content=json.dumps({"query": QUERY}),
        headers={"content-type": "application/json; charset=UTF-8", "accept": JSON},
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"variables": {}},
        {"query": None},
        {"query": 1},
        {"query": QUERY, "variables": "x"},
        {"query": QUERY, "variables": []},
        {"query": QUERY, "extensions": "x"},
        {"query": QUERY, "operationName": 1},
        [{"query": QUERY}],
        "just a string",
    ],
)
@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, JSON])
async def test_malformed_requests_get_400_without_data(
    http: httpx.AsyncClient, body: object, accept: str
) -> None:
    response = await post(http, body, accept=accept)
    assert response.status_code == 400
    assert "data" not in response.json()
    assert response.json()["errors"][0]["message"]


async def test_invalid_json_body_gets_400(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql", content=b'{"query":', headers={"content-type": JSON, "accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 400
    assert "data" not in response.json()


async def test_null_variables_and_extensions_are_allowed(http: httpx.AsyncClient) -> None:
    response = await post(
        http, {"query": QUERY, "variables": None, "extensions": None, "operationName": None}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("{ principles { code ", "Syntax Error"),
        ("{ noSuchField }", "Cannot query field"),
        ("query($n: Int!) { principles { code } }", None),
    ],
)
async def test_request_errors_are_400_with_graphql_response_json(
    http: httpx.AsyncClient, query: str, fragment: str | None
) -> None:
    response = await post(http, {"query": query}, accept=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body
    if fragment:
        assert fragment in body["errors"][0]["message"]


@pytest.mark.parametrize("query", ["{ principles { code ", "{ noSuchField }"])
async def test_request_errors_are_200_with_legacy_json(http: httpx.AsyncClient, query: str) -> None:
    response = await post(http, {"query": query}, accept=JSON)
    assert response.status_code == 200
    assert "data" not in response.json()
    assert response.json()["errors"]


async def test_variable_coercion_failure_is_a_request_error(http: httpx.AsyncClient) -> None:
    response = await post(
        http,
        {"query": "query($s: String!) { association(slug: $s) { name } }", "variables": {"s": 3}},
    )
    assert response.status_code == 400
    assert "data" not in response.json()


async def test_missing_variable_is_a_request_error(http: httpx.AsyncClient) -> None:
    response = await post(http, {"query": "query($s: String!) { association(slug: $s) { name } }"})
    assert response.status_code == 400


async def test_unknown_operation_name_is_a_request_error(http: httpx.AsyncClient) -> None:
    response = await post(http, {"query": "query A { principles { code } }", "operationName": "B"})
    assert response.status_code == 400
    assert "data" not in response.json()


async def test_subscription_over_http_is_a_request_error(http: httpx.AsyncClient) -> None:
    response = await post(http, {"query": "subscription { x }"})
    assert response.status_code == 400


async def test_field_errors_keep_data_and_status_200(http: httpx.AsyncClient) -> None:
    # a field error during execution: `data` is present (here nulled, since the field is
    # non-null) and the status stays 200, even for graphql-response+json
    response = await post(http, {"query": "{ associations(first: -1) { totalCount } }"})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["path"] == ["associations"]
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_body_larger_than_the_limit_gets_413(http: httpx.AsyncClient) -> None:
    response = await post(http, {"query": QUERY, "variables": {"pad": "x" * 300_000}})
    assert response.status_code == 413


async def test_browsers_get_graphiql(http: httpx.AsyncClient) -> None:
    response = await http.get(
        "/graphql", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Samverka GraphiQL" in response.text
    assert "helsingborgs if" in response.text


async def test_unknown_bearer_token_gets_401(http: httpx.AsyncClient) -> None:
    response = await post(http, {"query": QUERY}, authorization="Bearer svk_not-a-real-token")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "data" not in response.json()


async def test_malformed_authorization_gets_401(http: httpx.AsyncClient) -> None:
    response = await post(http, {"query": QUERY}, authorization="Basic dXNlcjpwYXNz")
    assert response.status_code == 401


@pytest.mark.parametrize("authorization", ["svk_a-token-without-its-scheme", "Bearer ", "Token x"])
async def test_an_authorization_without_bearer_says_how_to_send_it(
    http: httpx.AsyncClient, authorization: str
) -> None:
    response = await post(http, {"query": QUERY}, authorization=authorization)
    assert response.status_code == 401
    assert response.json() == {
        "errors": [{"message": "Send the token as `Authorization: Bearer <token>`."}]
    }


async def test_an_unknown_token_is_told_to_log_in_again(http: httpx.AsyncClient) -> None:
    response = await post(http, {"query": QUERY}, authorization="Bearer svk_not-a-real-token")
    assert response.json() == {
        "errors": [{"message": "The token is invalid, expired or revoked; log in again."}]
    }


async def test_responses_are_utf8_json_with_swedish_letters_unescaped(
    http: httpx.AsyncClient,
) -> None:
    response = await post(http, {"query": "{ principles { name } }"})
    assert "Långsiktighet".encode() in response.content
