"""The one GraphQL schema: every domain's queries and mutations, with protection on."""

from __future__ import annotations

from dataclasses import dataclass
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
from schema.associations.reads import READS as ASSOCIATION_READS
from schema.cafe.mutations import CafeNoteMutations, CafeSessionMutations, CafeTypingMutations
from schema.cafe.queries import CafeQueries
from schema.cafe.reads import READS as CAFE_READS
from schema.cafe.subscriptions import CafeSubscriptions
from schema.events.mutations import EventMutations
from schema.events.queries import EventQueries
from schema.events.reads import READS as EVENT_READS
from schema.events.subscriptions import EventSubscriptions
from schema.exchange.mutations import (
    ConversationMutations,
    ExchangeMutations,
    ListingMutations,
    LoanMutations,
)
from schema.exchange.queries import ExchangeQueries
from schema.exchange.reads import READS as EXCHANGE_READS
from schema.exchange.subscriptions import ExchangeSubscriptions
from schema.execution import CycleFreeExecutionContext
from schema.nodes import NodeQueries
from schema.plans.agreements import PeriodMutations, PeriodQueries
from schema.plans.elections import ElectionMutations, ElectionQueries
from schema.plans.mutations import PlanMutations
from schema.plans.queries import PlanQueries
from schema.plans.steering import SteeringMutations, SteeringQueries
from schema.plans.subscriptions import ConferenceSubscriptions
from schema.premises.mutations import BookingMutations, PremisesMutations
from schema.premises.queries import PremisesQueries
from schema.premises.subscriptions import PremisesSubscriptions
from schema.protection import (
    extensions,
    is_expected,
    log_unexpected,
    without_echoed_values,
    without_suggestions,
)
from schema.scalars import CITY_DATETIME, OFFSET_DATETIME, OffsetDateTime
from schema.sharing import check_shared_rendering


@dataclass(frozen=True)
class SchemaParts:
    """Each domain's root types, merged into the one schema."""

    queries: tuple[type, ...] = ()
    mutations: tuple[type, ...] = ()
    subscriptions: tuple[type, ...] = ()

    def __add__(self, other: SchemaParts) -> SchemaParts:
        return SchemaParts(
            self.queries + other.queries,
            self.mutations + other.mutations,
            self.subscriptions + other.subscriptions,
        )


# what the domains answer as compiled reads (schema/compiled/)
READS = ASSOCIATION_READS + CAFE_READS + EVENT_READS + EXCHANGE_READS

DOMAINS = SchemaParts(
    queries=(
        NodeQueries,
        AccountQueries,
        AssociationQueries,
        AgreementQueries,
        CafeQueries,
        PremisesQueries,
        EventQueries,
        ExchangeQueries,
        PlanQueries,
        SteeringQueries,
        PeriodQueries,
        ElectionQueries,
    ),
    mutations=(
        AccountMutations,
        AssociationMutations,
        AgreementMutations,
        CafeSessionMutations,
        CafeNoteMutations,
        CafeTypingMutations,
        PremisesMutations,
        BookingMutations,
        EventMutations,
        ListingMutations,
        ConversationMutations,
        ExchangeMutations,
        LoanMutations,
        PlanMutations,
        SteeringMutations,
        PeriodMutations,
        ElectionMutations,
    ),
    subscriptions=(
        CafeSubscriptions,
        PremisesSubscriptions,
        EventSubscriptions,
        ExchangeSubscriptions,
        ConferenceSubscriptions,
    ),
)


class SamverkaSchema(strawberry.Schema):
    def __init__(self, settings: Settings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hide_suggestions = settings.is_production
        # refuse to start with a field that could leak between viewers sharing a rendering
        check_shared_rendering(self._schema)

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


def build_schema(settings: Settings, parts: SchemaParts = DOMAINS) -> SamverkaSchema:
    return SamverkaSchema(
        settings,
        query=merge_types("Query", parts.queries),
        mutation=merge_types("Mutation", parts.mutations),
        subscription=merge_types("Subscription", parts.subscriptions),
        extensions=extensions(settings),
        execution_context_class=CycleFreeExecutionContext,
        config=StrawberryConfig(
            disable_field_suggestions=settings.is_production,
            scalar_map={datetime: CITY_DATETIME, OffsetDateTime: OFFSET_DATETIME},
        ),
    )
