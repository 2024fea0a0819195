"""The one GraphQL schema: every domain's queries and mutations, with protection on."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from app.services.settings import Settings
from schema.accounts.mutations import AccountMutations
from schema.accounts.queries import AccountQueries
from schema.agreement.mutations import AgreementMutations
from schema.agreement.queries import AgreementQueries
from schema.associations.mutations import AssociationMutations
from schema.associations.queries import AssociationQueries
from schema.cafe.note_mutations import CafeNoteMutations, CafeTypingMutations
from schema.cafe.queries import CafeQueries
from schema.cafe.session_mutations import CafeSessionMutations
from schema.cafe.subscriptions import CafeSubscriptions
from schema.nodes import NodeQueries
from schema.protection import (
    extensions,
    is_expected,
    log_unexpected,
    without_echoed_values,
    without_suggestions,
)
from schema.scalars import CITY_DATETIME

Query = merge_types(
    "Query", (NodeQueries, AccountQueries, AssociationQueries, AgreementQueries, CafeQueries)
)
Mutation = merge_types(
    "Mutation",
    (
        AccountMutations,
        AssociationMutations,
        AgreementMutations,
        CafeSessionMutations,
        CafeNoteMutations,
        CafeTypingMutations,
    ),
)


class SamverkaSchema(strawberry.Schema):
    def __init__(self, settings: Settings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hide_suggestions = settings.is_production

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Request errors go back to the client and are not logged: they echo its input.
        for error in errors:
            error.message = without_echoed_values(error.message)
            if self.hide_suggestions:
                error.message = without_suggestions(error.message)
            if not is_expected(error):
                log_unexpected(error)


def build_schema(settings: Settings) -> SamverkaSchema:
    return SamverkaSchema(
        settings,
        query=Query,
        mutation=Mutation,
        subscription=CafeSubscriptions,
        extensions=extensions(settings),
        config=StrawberryConfig(
            disable_field_suggestions=settings.is_production,
            scalar_map={datetime: CITY_DATETIME},
        ),
    )
