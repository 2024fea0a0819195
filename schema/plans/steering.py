"""The steering group in GraphQL: its seats today (or on a day), whose chair it is and whose
turn it is next; public, with each member's contact as they chose to share it."""

from __future__ import annotations

from datetime import date

import strawberry
from sqlalchemy import select

from app.services.plans.access import today
from app.services.plans.steering import Appointment, appoint, chair_sides, current
from app.services.plans.vocabulary import Side as SideValue
from db.models import SteeringSeat
from schema.associations.loaders import associations_by_id
from schema.associations.types import AssociationNode
from schema.context import Info
from schema.errors import UserError
from schema.loading import loader
from schema.mutation import mutate, mutation
from schema.plans.enums import Side
from schema.relay import decode_id


@strawberry.type(description="A member of the steering group, as they chose to be shown.")
class SteeringPerson:
    name: str
    contact: str | None = strawberry.field(description="What the member chose to share.")


@strawberry.type(description="One member's term on the steering group.")
class Seat:
    side: Side
    person: SteeringPerson
    position: str = strawberry.field(description="CHAIR or MEMBER.")
    term_starts_on: date
    term_ends_on: date
    association_id: strawberry.Private[int | None]

    @classmethod
    def of(cls, row: SteeringSeat) -> Seat:
        return cls(
            side=SideValue(row.side),
            person=SteeringPerson(name=row.name, contact=row.shares),
            position=row.position,
            term_starts_on=row.term_starts_on,
            term_ends_on=row.term_ends_on,
            association_id=row.association_id,
        )

    @strawberry.field(description="The association an association seat is held for.")
    async def association(self, info: Info) -> AssociationNode | None:
        if self.association_id is None:
            return None
        row = await loader(info, associations_by_id).load(self.association_id)
        return AssociationNode.from_row(row) if row is not None else None


@strawberry.type(description="The steering group on a day.")
class SteeringGroup:
    on: date
    seats: list[Seat]
    chair_side: Side | None = strawberry.field(description="Whose chair it is on the day.")
    next_chair_side: Side | None = strawberry.field(description="Whose turn it is next.")
    past: list[Seat] = strawberry.field(description="Terms that ended before the day.")


@strawberry.type
class SteeringQueries:
    @strawberry.field(description="The steering group today, or on `on`.")
    async def steering_group(self, info: Info, on: date | None = None) -> SteeringGroup:
        day = on or today()
        async with info.context.db.read() as session:
            rows = list(
                (
                    await session.scalars(
                        select(SteeringSeat).order_by(SteeringSeat.term_starts_on, SteeringSeat.id)
                    )
                ).all()
            )
        chair, following = chair_sides(rows, day)
        return SteeringGroup(
            on=day,
            seats=[
                Seat.of(r)
                for r in sorted(
                    current(rows, day), key=lambda r: (r.side, r.position != "CHAIR", r.name)
                )
            ],
            chair_side=SideValue(chair) if chair else None,
            next_chair_side=SideValue(following) if following else None,
            past=[Seat.of(r) for r in rows if r.term_ends_on < day],
        )


@strawberry.input
class SeatAppointInput:
    side: Side
    name: str
    term_starts_on: date
    term_ends_on: date
    chair: bool = False
    association_id: strawberry.ID | None = None
    shares: str | None = strawberry.field(
        default=None, description="The contact the member chooses to show."
    )
    user_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The member's account (a User's id): while seated, they edit the plans.",
    )


@strawberry.type
class SeatPayload:
    seat: Seat | None
    errors: list[UserError]


@strawberry.type
class SteeringMutations:
    @mutation(
        description="A term on the steering group (the city's, or an elected association "
        "member's); at most five a side at a time, the chair alternating; for the coordinator."
    )
    async def steering_seat_appoint(self, info: Info, input: SeatAppointInput) -> SeatPayload:
        appointment = Appointment(
            side=str(input.side),
            name=input.name,
            term_starts_on=input.term_starts_on,
            term_ends_on=input.term_ends_on,
            chair=input.chair,
            association_id=None
            if input.association_id is None
            else decode_id(input.association_id, "Association", "association_id"),
            shares=input.shares,
            user_id=None if input.user_id is None else decode_id(input.user_id, "User", "user_id"),
        )
        outcome = await mutate(info, appoint, appointment)
        return SeatPayload(
            seat=Seat.of(outcome.value) if outcome.value else None, errors=outcome.errors
        )
