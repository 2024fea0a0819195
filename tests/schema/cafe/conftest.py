"""A live café, as most café tests start from."""

from __future__ import annotations

import pytest

from app.runtime import Runtime
from tests.support.cafe import Cafe, make_cafe
from tests.support.graphql import GraphQLClient


@pytest.fixture
async def cafe(gql: GraphQLClient, runtime: Runtime) -> Cafe:
    return await make_cafe(gql, runtime)
