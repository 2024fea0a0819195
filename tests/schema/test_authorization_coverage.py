"""Every root query, mutation and subscription is a row of an authorization matrix."""

from __future__ import annotations

from app.runtime import Runtime
from tests.schema.cafe.test_cafe_authorization_matrix import MATRIX as CAFE
from tests.schema.events.test_events_authorization_matrix import MATRIX as EVENTS
from tests.schema.exchange.test_exchange_authorization_matrix import MATRIX as EXCHANGE
from tests.schema.plans.test_plans_authorization_matrix import MATRIX as PLANS
from tests.schema.premises.test_premises_authorization_matrix import MATRIX as PREMISES
from tests.schema.test_authorization_matrix import MATRIX as FOUNDATION


def covered() -> set[str]:
    names = set()
    for row in (*FOUNDATION, *CAFE, *PREMISES, *EVENTS, *EXCHANGE, *PLANS):
        for part in row.split(","):
            names.add(part.strip().split(".")[0].split("(")[0])
    return names


def test_every_root_field_is_in_a_matrix(runtime: Runtime) -> None:
    schema = runtime.schema._schema
    roots = [schema.query_type, schema.mutation_type, schema.subscription_type]
    fields = {name for root in roots if root is not None for name in root.fields}
    assert fields - covered() == set()
