"""The `CafeSession` node."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry
from strawberry import relay

from app.services.agreement.principles import PrincipleCode
from app.services.cafe.vocabulary import CafeRole, SessionStatus
from db.models import CafeSession
from schema.accounts.loaders import users_by_id
from schema.accounts.types import UserNode
from schema.agreement.enums import PrincipleCodeEnum
from schema.associations.types import AssociationNode
from schema.cafe.enums import CafeRoleEnum, CafeSessionStatus
from schema.cafe.loaders import (
    dots_spent_by_participant_id,
    last_seqs_by_session_id,
    rounds_by_session_id,
    session_associations,
    session_clusters,
    session_notes,
    session_participants,
    session_rounds,
    session_tables,
    viewer_access_by_session_id,
)
from schema.cafe.types import (
    CafeClusterNode,
    CafeNoteNode,
    CafeParticipantNode,
    CafeRoundNode,
    CafeTableNode,
    access_of,
    in_the_room,
)
from schema.context import Info
from schema.loading import loader
from schema.relay import (
    Connection,
    id_or_no_row,
    node_ids_as_ints,
)
from schema.sharing import viewer_field


@strawberry.type(name="CafeSession", description="A dialogue café: rounds of table conversations.")
class CafeSessionNode(relay.Node):
    id: relay.NodeID[int]
    title: str
    description: str
    place: str
    starts_at: datetime
    ends_at: datetime | None
    status: CafeSessionStatus
    is_public: bool = strawberry.field(description="Readable by anyone once closed.")
    anonymous_notes: bool = strawberry.field(description="Notes are shown without their authors.")
    vote_budget: int = strawberry.field(
        description="Dots each participant may give in the session."
    )
    row: strawberry.Private[CafeSession]

    @classmethod
    def from_row(cls, row: CafeSession) -> Self:
        return cls(
            id=row.id,
            title=row.title,
            description=row.description,
            place=row.place,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            status=SessionStatus(row.status),
            is_public=row.is_public,
            anonymous_notes=row.anonymous_notes,
            vote_budget=row.vote_budget,
            row=row,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        accesses = await loader(info, viewer_access_by_session_id).load_many(
            node_ids_as_ints(node_ids)
        )
        return [cls.from_row(a.cafe) if a is not None and a.can_read else None for a in accesses]

    @strawberry.field(
        description="The seq of the latest event; subscribe with afterSeq set to it to go on live."
    )
    async def last_seq(self, info: Info) -> int:
        seq: int = await loader(info, last_seqs_by_session_id).load(self.id)
        return seq

    @strawberry.field(description="Who organises it; null for readers outside the session.")
    async def organiser(self, info: Info) -> UserNode | None:
        if not await in_the_room(info, self.id):
            return None
        return UserNode.from_row(await loader(info, users_by_id).load(self.row.organiser_id))

    @strawberry.field(description="The associations taking part, in Swedish order.")
    async def associations(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[AssociationNode]:
        return await session_associations.connection(
            info, self.id, first, after, AssociationNode.from_row
        )

    @strawberry.field(description="The rounds, in order.")
    async def rounds(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[CafeRoundNode]:
        return await session_rounds.connection(info, self.id, first, after, CafeRoundNode.from_row)

    @strawberry.field(description="The round running now, if any.")
    async def current_round(self, info: Info) -> CafeRoundNode | None:
        rounds = await loader(info, rounds_by_session_id).load(self.id)
        running = [r for r in rounds if r.started_at is not None and r.ended_at is None]
        return CafeRoundNode.from_row(running[0]) if running else None

    @strawberry.field(description="The tables, in the order they were added.")
    async def tables(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[CafeTableNode]:
        return await session_tables.connection(info, self.id, first, after, CafeTableNode.from_row)

    @strawberry.field(description="The named groups of notes, oldest first.")
    async def clusters(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[CafeClusterNode]:
        return await session_clusters.connection(
            info, self.id, first, after, CafeClusterNode.from_row
        )

    @strawberry.field(
        description="Everyone who joined, in joining order; for the people in the session."
    )
    async def participants(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[CafeParticipantNode] | None:
        if not await in_the_room(info, self.id):
            return None
        return await session_participants.connection(
            info, self.id, first, after, CafeParticipantNode.from_row
        )

    @strawberry.field(description="The notes, oldest first; filter by round, table or principle.")
    async def notes(
        self,
        info: Info,
        round_id: strawberry.ID | None = None,
        table_id: strawberry.ID | None = None,
        principle: PrincipleCodeEnum | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[CafeNoteNode]:
        notes = session_notes(
            id_or_no_row(round_id, "CafeRound") if round_id is not None else None,
            id_or_no_row(table_id, "CafeTable") if table_id is not None else None,
            PrincipleCode(principle) if principle is not None else None,
        )
        return await notes.connection(info, self.id, first, after, CafeNoteNode.from_row)

    @strawberry.field(description="For the organiser and facilitators: the code guests join with.")
    async def join_code(self, info: Info) -> str | None:
        access = await access_of(info, self.id)
        return self.row.join_code if access is not None and access.can_facilitate else None

    @strawberry.field(description="The viewer's part in the session.")
    async def viewer_role(self, info: Info) -> CafeRoleEnum:
        access = await access_of(info, self.id)
        return access.role if access is not None else CafeRole.NONE

    @strawberry.field(description="Whether the viewer runs the session (rounds, tables, closing).")
    async def viewer_can_control(self, info: Info) -> bool:
        access = await access_of(info, self.id)
        return access is not None and access.can_control

    @strawberry.field(description="Whether the viewer may group notes into clusters now.")
    async def viewer_can_cluster(self, info: Info) -> bool:
        access = await access_of(info, self.id)
        return access is not None and access.may_cluster

    @viewer_field(
        description="Dots the viewer has left to vote with; null for those who do not vote here."
    )
    async def viewer_dots_left(self, info: Info) -> int | None:
        access = await access_of(info, self.id)
        if access is None or access.joined is None:
            return None
        spent = await loader(info, dots_spent_by_participant_id).load(access.joined.id)
        return max(self.row.vote_budget - spent, 0)

    @viewer_field(description="The viewer as a participant, if they are in the room.")
    async def viewer_participant(self, info: Info) -> CafeParticipantNode | None:
        access = await access_of(info, self.id)
        if access is None or access.participant is None:
            return None
        return CafeParticipantNode.from_row(access.participant)
