"""Protection on by default: limits, masking, production hardening, logs without personal data."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from app.logs import QUIET_LOGGERS
from app.main import create_app
from app.runtime import Runtime
from tests.conftest import settings_for
from tests.support.graphql import GraphQLClient
from tests.support.people import make_association, make_person


@pytest.fixture
async def production(database_url: str, runtime: Runtime) -> AsyncIterator[GraphQLClient]:
    application: Starlette = create_app(settings_for(database_url, environment="production"))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://samverka.test") as http:
            yield GraphQLClient(http)


def verbose_app_logging(caplog: pytest.LogCaptureFixture) -> None:
    """Everything at DEBUG, as an operator turning logging up would get (app/logs.py)."""
    caplog.set_level(logging.DEBUG)
    for name in QUIET_LOGGERS:
        caplog.set_level(logging.WARNING, logger=name)
    caplog.handler.setLevel(logging.DEBUG)  # set_level(logger=…) lowered the handler too


def nested_fields(depth: int) -> str:
    """`depth` fields nested in an Association: umbrellaOrganisations { nodes { … } } and so on,
    ending in a scalar of the type reached."""
    inner = "name" if depth % 2 == 0 else "totalCount"
    for level in reversed(range(depth)):
        inner = f"{'nodes' if level % 2 else 'umbrellaOrganisations(first: 1)'} {{ {inner} }}"
    return inner


def nested_query(depth: int) -> str:
    return f'{{ association(slug: "x") {{ {nested_fields(depth)} }} }}'


async def test_depth_is_limited(gql: GraphQLClient, runtime: Runtime) -> None:
    limit = runtime.settings.max_query_depth
    assert (await gql(nested_query(limit - 2))).status == 200
    answer = await gql(nested_query(limit + 1))
    assert answer.status == 400
    assert "exceeds maximum operation depth" in answer.errors[0]["message"]


async def test_depth_counts_through_fragments(gql: GraphQLClient, runtime: Runtime) -> None:
    limit = runtime.settings.max_query_depth

    def through_fragment(depth: int) -> str:
        fragment = f"fragment F on Association {{ {nested_fields(depth)} }}"
        return '{ association(slug: "x") { ...F } } ' + fragment

    assert (await gql(through_fragment(limit - 2))).status == 200
    assert (await gql(through_fragment(limit + 1))).status == 400


async def test_aliases_are_limited(gql: GraphQLClient, runtime: Runtime) -> None:
    limit = runtime.settings.max_aliases
    ok_query = "{ " + " ".join(f"a{i}: principles {{ code }}" for i in range(limit)) + " }"
    assert (await gql(ok_query)).status == 200
    too_many = "{ " + " ".join(f"a{i}: principles {{ code }}" for i in range(limit + 1)) + " }"
    answer = await gql(too_many)
    assert answer.status == 400
    assert "aliases" in answer.errors[0]["message"]


def doubling_fragments(levels: int, leaf: str) -> str:
    """Each fragment spreads the next one twice: 2**levels copies of the leaf, in few tokens."""
    fragments = [f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(levels)]
    fragments.append(f"fragment F{levels} on Query {{ {leaf} }}")
    return "{ ...F0 } " + " ".join(fragments)


async def test_aliases_brought_by_fragments_are_counted_without_walking_them_again(
    gql: GraphQLClient,
) -> None:
    # 2**40 aliases: counted by walking every spread, this would not finish
    async with asyncio.timeout(30):
        answer = await gql(doubling_fragments(40, "a: __typename"))
    assert answer.status == 400
    assert answer.errors[0]["message"] == "More than 1000000 aliases found. Allowed: 30"
    # with no aliases the same shape is a small query: the spreads are one selection
    assert (await gql(doubling_fragments(40, "__typename"))).data == {"__typename": "Query"}


async def test_depth_counts_through_nested_fragment_spreads(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    limit = runtime.settings.max_query_depth

    def spreads(count: int) -> str:
        """`count` fragments, each two fields deeper than the one spreading it."""
        levels = [
            f"fragment F{n} on Association"
            f" {{ umbrellaOrganisations(first: 1) {{ nodes {{ ...F{n + 1} }} }} }}"
            for n in range(count)
        ]
        levels.append(f"fragment F{count} on Association {{ name }}")
        return '{ association(slug: "x") { ...F0 } } ' + " ".join(levels)

    answer = await gql(spreads(limit // 2))
    assert answer.status == 400
    assert answer.errors[0]["message"] == f"'anonymous' exceeds maximum operation depth of {limit}"
    assert (await gql(spreads((limit - 2) // 2))).status == 200


async def test_a_long_chain_of_fragments_is_refused_not_a_crash(gql: GraphQLClient) -> None:
    chain = [f"fragment F{n} on Query {{ ...F{n + 1} }}" for n in range(300)]
    chain.append("fragment F300 on Query { __typename }")
    answer = await gql("{ ...F0 } " + " ".join(chain))
    assert answer.status == 400
    assert answer.errors == [{"message": "Validation aborted."}]


async def test_tokens_are_limited(gql: GraphQLClient, runtime: Runtime) -> None:
    huge = "{ " + "principles { code } " * runtime.settings.max_tokens + "}"
    answer = await gql(huge)
    assert answer.status == 400
    assert "token" in answer.errors[0]["message"].lower()


async def test_page_size_is_limited(gql: GraphQLClient) -> None:
    answer = await gql("{ associations(first: 1000) { totalCount } }")
    assert "at most 100" in answer.errors[0]["message"]


async def test_introspection_and_suggestions_in_development(gql: GraphQLClient) -> None:
    assert (await gql.data("{ __schema { queryType { name } } }")) == {
        "__schema": {"queryType": {"name": "Query"}}
    }
    answer = await gql("{ principle { code } }")
    assert "Did you mean" in answer.errors[0]["message"]


async def test_no_introspection_in_production(production: GraphQLClient) -> None:
    answer = await production("{ __schema { types { name } } }")
    assert answer.status == 400
    assert "introspection" in answer.errors[0]["message"].lower()
    typename = await production("{ __typename }")
    assert typename.data == {"__typename": "Query"}


@pytest.mark.parametrize(
    "query",
    [
        "{ principle { code } }",
        "{ principles { cod } }",
        '{ associations(filtr: {search: "x"}) { totalCount } }',
        "{ associations(filter: {district: RAAA}) { totalCount } }",
    ],
)
async def test_no_suggestions_in_production(
    production: GraphQLClient, gql: GraphQLClient, query: str
) -> None:
    development = await gql(query)
    assert "Did you mean" in development.errors[0]["message"]
    answer = await production(query)
    assert answer.status == 400
    assert "Did you mean" not in answer.errors[0]["message"]


async def test_no_graphiql_in_production(production: GraphQLClient) -> None:
    response = await production.http.get("/graphql", headers={"accept": "text/html"})
    assert not response.headers["content-type"].startswith("text/html")


async def test_unexpected_errors_are_masked_and_logged_without_their_message(
    gql: GraphQLClient,
    runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import schema.agreement.queries as queries

    secret = "kontakt@" + "secret.example"  # not in the source line the stack trace shows

    async def broken(_session: object) -> list[object]:
        raise RuntimeError(f"database said: row for {secret} is broken")

    monkeypatch.setattr(queries, "all_principles", broken)
    verbose_app_logging(caplog)
    answer = await gql("{ principles { code } }")
    assert answer.status == 200
    assert answer.errors == [
        {
            "message": "Unexpected error.",
            "locations": [{"line": 1, "column": 3}],
            "path": ["principles"],
        }
    ]
    assert "secret" not in str(answer.body)
    assert "Traceback" not in str(answer.body)
    assert "RuntimeError" in caplog.text
    assert "kontakt@secret.example" not in caplog.text


async def test_an_error_outside_execution_is_a_500_without_details(
    gql: GraphQLClient,
    runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import app.web.graphql_http as endpoint

    password = "hunter" + "2"

    async def broken(*_args: object) -> object:
        raise RuntimeError(f"connection to server at 10.0.0.5 with password {password} failed")

    monkeypatch.setattr(endpoint, "authenticate", broken)
    verbose_app_logging(caplog)
    response = await gql.http.post("/graphql", json={"query": "{ principles { code } }"})
    assert response.status_code == 500
    assert response.json() == {"errors": [{"message": "Internal server error."}]}
    assert "hunter2" not in caplog.text


async def test_personal_data_never_reaches_the_logs(
    gql: GraphQLClient, runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    verbose_app_logging(caplog)
    person = await make_person(runtime.db)
    await make_association(runtime.db, "Klubben", admins=(person,))
    secret_email, secret_phone = "hemlig.person@example.se", "070-174 06 77"
    client = gql.as_(person.token)
    # a successful update, a failed one, a bad variable, sign-up and a failed log-in
    await client(
        "mutation($id: ID!, $e: String!, $p: String!) { associationUpdate(input: {id: $id, contactPerson: {email: $e, phone: $p}}) { errors { code } } }",
        {
            "id": (await client.data('{ association(slug: "klubben") { id } }'))["association"][
                "id"
            ],
            "e": secret_email,
            "p": secret_phone,
        },
    )
    await client(
        'mutation { associationCreate(input: {name: "X", organisationNumber: "1", contactPerson: {email: "hemlig.person@example.se"}}) { errors { code } } }'
    )
    await client("query($e: Int!) { principles { code } }", {"e": secret_email})
    await gql(
        'mutation { signUp(input: {email: "hemlig.person@example.se", password: "ett långt lösenord", displayName: "Hemlig"}) { errors { code } } }'
    )
    await gql(
        'mutation { logIn(input: {email: "hemlig.person@example.se", password: "fel fel fel"}) { errors { code } } }'
    )
    await gql.http.get(
        "/graphql",
        params={
            "query": "{ principles { code } }",
            "variables": '{"e": "hemlig.person@example.se"}',
        },
    )
    app_records = [r for r in caplog.records if not r.name.startswith("httpx")]  # the test's client
    assert any(r.name == "samverka.access" for r in app_records), {r.name for r in app_records}
    logged = "\n".join(r.getMessage() for r in app_records)
    assert secret_email not in logged
    assert secret_phone not in logged
    assert "hemlig" not in logged.lower()


async def test_a_repeated_document_is_parsed_and_validated_once(gql: GraphQLClient) -> None:
    from strawberry.extensions.validation_cache import _get_validate_cache

    from schema.protection import DOCUMENT_CACHE

    cache: Any = _get_validate_cache(DOCUMENT_CACHE)  # an lru_cache
    query = "{ principles { code name } }"
    await gql.data(query)
    before = cache.cache_info()
    for _ in range(3):
        await gql.data(query)
    after = cache.cache_info()
    assert after.hits - before.hits == 3
    assert after.misses == before.misses


async def test_the_limits_still_hold_for_cached_documents(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    deep = nested_query(runtime.settings.max_query_depth + 1)
    huge = "{ " + "principles { code } " * runtime.settings.max_tokens + "}"
    for _ in range(2):
        assert (await gql(deep)).status == 400
        assert (await gql(huge)).status == 400


LOG_IN = "mutation($input: LogInInput!) { logIn(input: $input) { token } }"


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        (
            {"email": "a@b.se", "pasword": "hemligt-lösen-123"},
            "Variable '$input' has invalid value: Expected value of type 'LogInInput' to include"
            " required field 'password'.",
        ),
        (
            {"email": "a@b.se", "password": 4711_0815},
            "Variable '$input' has invalid value at .password: String cannot represent a non"
            " string value.",
        ),
    ],
)
async def test_variable_errors_do_not_send_the_value_back(
    http: httpx.AsyncClient, sent: dict[str, Any], message: str
) -> None:
    response = await http.post("/graphql", json={"query": LOG_IN, "variables": {"input": sent}})
    errors = response.json()["errors"]
    assert message in [error["message"] for error in errors]
    assert str(sent["email"]) not in response.text
    secret = str(sent.get("pasword", sent.get("password")))
    assert secret not in response.text


async def test_an_enum_variable_error_does_not_send_the_value_back(http: httpx.AsyncClient) -> None:
    query = (
        'query($p: PrincipleCode!) { cafeSession(id: "x") { notes(principle: $p) { totalCount } } }'
    )
    response = await http.post("/graphql", json={"query": query, "variables": {"p": "hemligt-42"}})
    messages = [error["message"] for error in response.json()["errors"]]
    assert messages == [
        "Variable '$p' has invalid value: The value does not exist in 'PrincipleCode' enum."
    ]
    assert "hemligt-42" not in response.text
