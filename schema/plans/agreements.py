"""The agreement's periods in GraphQL: public, each with its action plans; the coordinator
records a new one when the agreement is revised."""

from __future__ import annotations

from datetime import date

import strawberry
from sqlalchemy import select

from app.services.plans.agreements import create_agreement_period
from db.models import AgreementPeriod
from schema.context import Info
from schema.errors import UserError
from schema.mutation import mutate, mutation
from schema.plans.types import AgreementNode


@strawberry.type
class PeriodQueries:
    @strawberry.field(description="The agreement's periods, the latest first.")
    async def agreements(self, info: Info) -> list[AgreementNode]:
        async with info.context.db.read() as session:
            rows = (
                await session.scalars(
                    select(AgreementPeriod).order_by(AgreementPeriod.starts_on.desc())
                )
            ).all()
        return [AgreementNode.from_row(r) for r in rows]


@strawberry.input
class AgreementCreateInput:
    title: str
    starts_on: date
    ends_on: date


@strawberry.type
class AgreementPayload:
    agreement: AgreementNode | None
    errors: list[UserError]


@strawberry.type
class PeriodMutations:
    @mutation(
        description="A new period of the agreement (it must not overlap another); for the "
        "coordinator."
    )
    async def agreement_create(self, info: Info, input: AgreementCreateInput) -> AgreementPayload:
        outcome = await mutate(
            info, create_agreement_period, input.title, input.starts_on, input.ends_on
        )
        row = outcome.value
        return AgreementPayload(
            agreement=AgreementNode.from_row(row) if row else None, errors=outcome.errors
        )
