"""Elections in GraphQL: nominations, ballots and results, public once counted; who voted is
public, for whom never."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from sqlalchemy import select
from strawberry import relay
from strawberry.dataloader import DataLoader

from app.services.clock import now
from app.services.plans.elections import (
    ElectionPlan,
    accept_nomination,
    cast_ballot,
    count_election,
    create_election,
    nominate,
)
from db.models import BallotCast, Nomination, User
from db.models import Election as ElectionRow
from schema.associations.loaders import associations_by_id
from schema.associations.types import AssociationNode
from schema.context import Context, Info
from schema.errors import UserError
from schema.loading import loader, nodes_by_ids, rows_by
from schema.mutation import Outcome, mutate, mutation
from schema.relay import decode_id


def elections_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, ElectionRow.id)


@strawberry.type(description="A person nominated, and once counted, their votes.")
class Candidate:
    nomination_id: strawberry.ID
    name: str
    accepted: bool
    votes: int | None = strawberry.field(description="Null until the count.")
    elected: bool | None
    association_id: strawberry.Private[int]

    @strawberry.field
    async def association(self, info: Info) -> AssociationNode | None:
        row = await loader(info, associations_by_id).load(self.association_id)
        return AssociationNode.from_row(row) if row is not None else None


@strawberry.type(
    name="Election", description="An election of the associations' members of the steering group."
)
class ElectionNode(relay.Node):
    id: relay.NodeID[int]
    title: str
    seats: int
    one_year_seats: int
    term_starts_on: date
    opens_at: datetime
    closes_at: datetime
    seed: str | None = strawberry.field(
        description="The lot's seed, recorded at the count: recount with it."
    )
    counted: bool
    row: strawberry.Private[ElectionRow]

    @classmethod
    def from_row(cls, row: ElectionRow) -> ElectionNode:
        return cls(
            id=row.id,
            title=row.title,
            seats=row.seats,
            one_year_seats=row.one_year_seats,
            term_starts_on=row.term_starts_on,
            opens_at=row.opens_at,
            closes_at=row.closes_at,
            seed=row.seed,
            counted=row.counted_at is not None,
            row=row,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[ElectionNode | None]:
        return await nodes_by_ids(info, elections_by_id, node_ids, cls.from_row)

    @strawberry.field(description="Votes only once counted.")
    async def candidates(self, info: Info) -> list[Candidate]:
        async with info.context.db.read() as session:
            rows = (
                await session.execute(
                    select(Nomination, User.display_name)
                    .join(User, User.id == Nomination.user_id)
                    .where(Nomination.election_id == self.id)
                    .order_by(Nomination.id)
                )
            ).all()
        counted = self.row.counted_at is not None
        return [
            Candidate(
                nomination_id=strawberry.ID(relay.to_base64("Nomination", n.id)),
                name=name,
                accepted=n.accepted,
                votes=n.votes if counted else None,
                elected=n.elected if counted else None,
                association_id=n.association_id,
            )
            for n, name in rows
        ]

    @strawberry.field(description="The associations that voted (not for whom).")
    async def voters(self, info: Info) -> list[AssociationNode]:
        async with info.context.db.read() as session:
            ids = list(
                (
                    await session.scalars(
                        select(BallotCast.association_id).where(BallotCast.election_id == self.id)
                    )
                ).all()
            )
        rows = await loader(info, associations_by_id).load_many(ids)
        return [AssociationNode.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="Whether ballots are taken now.")
    def open(self) -> bool:
        return self.row.opens_at <= now() < self.row.closes_at and self.row.counted_at is None


@strawberry.type
class ElectionQueries:
    @strawberry.field(description="Elections to the steering group, newest first.")
    async def elections(self, info: Info) -> list[ElectionNode]:
        async with info.context.db.read() as session:
            rows = (
                await session.scalars(select(ElectionRow).order_by(ElectionRow.opens_at.desc()))
            ).all()
        return [ElectionNode.from_row(r) for r in rows]


@strawberry.input
class ElectionCreateInput:
    title: str
    seats: int
    opens_at: datetime
    closes_at: datetime
    term_starts_on: date
    one_year_seats: int = strawberry.field(
        default=0,
        description="The elected with the fewest votes get one-year terms (the first election: 2).",
    )
    conference_id: strawberry.ID | None = None


@strawberry.input
class NominationCreateInput:
    election_id: strawberry.ID
    association_id: strawberry.ID = strawberry.field(description="The nominating signatory.")
    user_id: strawberry.ID
    nominee_association_id: strawberry.ID = strawberry.field(
        description="The signatory the nominee is a member of."
    )


@strawberry.input
class NominationAcceptInput:
    id: strawberry.ID


@strawberry.input
class BallotCastInput:
    election_id: strawberry.ID
    association_id: strawberry.ID
    nomination_ids: list[strawberry.ID]


@strawberry.input
class ElectionCountInput:
    id: strawberry.ID


@strawberry.type
class ElectionPayload:
    election: ElectionNode | None
    errors: list[UserError]


@strawberry.type
class NominationPayload:
    nomination_id: strawberry.ID | None
    errors: list[UserError]


def _election(outcome: Outcome[ElectionRow]) -> ElectionPayload:
    value = outcome.value
    return ElectionPayload(
        election=ElectionNode.from_row(value) if value else None, errors=outcome.errors
    )


@strawberry.type
class ElectionMutations:
    @mutation(description="An election to the steering group; for the coordinator.")
    async def election_create(self, info: Info, input: ElectionCreateInput) -> ElectionPayload:
        plan = ElectionPlan(
            title=input.title,
            seats=input.seats,
            opens_at=input.opens_at,
            closes_at=input.closes_at,
            term_starts_on=input.term_starts_on,
            one_year_seats=input.one_year_seats,
            conference_id=None
            if input.conference_id is None
            else decode_id(input.conference_id, "Conference", "conference_id"),
        )
        return _election(await mutate(info, create_election, plan))

    @mutation(description="Nominate a member of a signatory; for a signatory's admins.")
    async def nomination_create(
        self, info: Info, input: NominationCreateInput
    ) -> NominationPayload:
        outcome = await mutate(
            info,
            nominate,
            decode_id(input.election_id, "Election", "election_id"),
            decode_id(input.association_id, "Association", "association_id"),
            decode_id(input.user_id, "User", "user_id"),
            decode_id(input.nominee_association_id, "Association", "nominee_association_id"),
        )
        made = outcome.value
        return NominationPayload(
            nomination_id=strawberry.ID(relay.to_base64("Nomination", made.id)) if made else None,
            errors=outcome.errors,
        )

    @mutation(description="Accept your nomination.")
    async def nomination_accept(
        self, info: Info, input: NominationAcceptInput
    ) -> NominationPayload:
        outcome = await mutate(info, accept_nomination, decode_id(input.id, "Nomination"))
        made = outcome.value
        return NominationPayload(
            nomination_id=strawberry.ID(relay.to_base64("Nomination", made.id)) if made else None,
            errors=outcome.errors,
        )

    @mutation(description="Your signatory association's one ballot, in the voting window.")
    async def ballot_cast(self, info: Info, input: BallotCastInput) -> ElectionPayload:
        return _election(
            await mutate(
                info,
                cast_ballot,
                decode_id(input.election_id, "Election", "election_id"),
                decode_id(input.association_id, "Association", "association_id"),
                [decode_id(n, "Nomination", "nomination_ids") for n in input.nomination_ids],
            )
        )

    @mutation(description="Count a closed election; the elected take their seats. Coordinator.")
    async def election_count(self, info: Info, input: ElectionCountInput) -> ElectionPayload:
        return _election(await mutate(info, count_election, decode_id(input.id, "Election")))
