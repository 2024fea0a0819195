"""Every mutation, sent as malformed GraphQL (a syntax error, an input of the wrong shape, a
field its payload lacks), is a request error: 400, no data, and nothing written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.runtime import Runtime
from app.services.settings import Settings
from db.base import Base
from schema import build_schema
from tests.support.graphql import GraphQLClient
from tests.support.people import make_person

MUTATIONS = sorted(build_schema(Settings())._schema.mutation_type.fields)  # type: ignore[union-attr]

MALFORMED = {
    "syntax error": "mutation {{ {name}(input: {{ ) {{ __typename }} }}",
    "input of the wrong shape": "mutation {{ {name}(input: 5) {{ __typename }} }}",
    "unknown payload field": "mutation {{ {name} {{ noSuchField }} }}",
}


async def rows_everywhere(runtime: Runtime) -> dict[str, int]:
    async with runtime.db.read() as session:
        return {
            table.name: int(await session.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


def test_every_mutation_is_covered() -> None:
    assert len(MUTATIONS) > 30
    assert {"associationCreate", "associationUpdate", "logIn", "cafeNoteAdd"} <= set(MUTATIONS)


@pytest.mark.parametrize("shape", sorted(MALFORMED))
async def test_malformed_mutations_are_request_errors_that_write_nothing(
    gql: GraphQLClient, runtime: Runtime, shape: str
) -> None:
    coordinator = gql.as_((await make_person(runtime.db, coordinator=True)).token)
    before = await rows_everywhere(runtime)
    for name in MUTATIONS:
        answer = await coordinator(MALFORMED[shape].format(name=name))
        assert answer.status == 400, name
        assert "data" not in answer.body, name
        assert answer.errors[0]["message"] != "Unexpected error.", name
    assert await rows_everywhere(runtime) == before
