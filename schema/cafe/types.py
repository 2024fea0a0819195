"""Café nodes: built from database rows for queries, or from an event's snapshot for live
events and replays (so an event shows the object as it was when it happened)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from operator import attrgetter
from typing import Any, Self

import strawberry
from strawberry import relay

from app.services.agreement.principles import PrincipleCode
from app.services.cafe.access import Access
from app.services.cafe.events import (
    ClusterSnapshot,
    NoteSnapshot,
    ParticipantSnapshot,
    RoundSnapshot,
    TableSnapshot,
)
from app.services.clock import now
from db.models import CafeCluster, CafeNote, CafeParticipant, CafeRound, CafeTable
from schema.accounts.types import UserNode
from schema.agreement.enums import PrincipleCodeEnum
from schema.cafe.loaders import (
    cluster_notes,
    clusters_by_id,
    notes_by_id,
    participants_by_id,
    rounds_by_id,
    table_facilitators,
    table_participants,
    tables_by_id,
    viewer_access_by_session_id,
    vote_totals_by_note_id,
    votes_by_participant_id,
)
from schema.context import Info
from schema.loading import loader, nodes_by_ids
from schema.relay import NO_ROW, Connection
from schema.sharing import scope_field, viewer_field


def _principle(value: str | None) -> PrincipleCode | None:
    return PrincipleCode(value) if value else None


async def access_of(info: Info, session_id: int) -> Access | None:
    access: Access | None = await loader(info, viewer_access_by_session_id).load(session_id)
    return access


async def in_the_room(info: Info, session_id: int) -> bool:
    """Whether the viewer is one of the session's people (organiser, facilitator,
    participant): who is who is shown to them, not to readers of a public session."""
    access = await access_of(info, session_id)
    return access is not None and access.in_the_room


async def _allowed(info: Info, rows: list[Any], allowed: Callable[[Access], bool]) -> list[bool]:
    """Per row (None for a missing one): whether the viewer's access to its session allows it."""
    accesses = await loader(info, viewer_access_by_session_id).load_many(
        [row.session_id if row is not None else NO_ROW for row in rows]
    )
    return [
        row is not None and a is not None and allowed(a)
        for row, a in zip(rows, accesses, strict=True)
    ]


async def readable(info: Info, rows: list[Any]) -> list[bool]:
    """Rows of sessions the viewer may read."""
    return await _allowed(info, rows, attrgetter("can_read"))


async def in_its_room(info: Info, rows: list[Any]) -> list[bool]:
    """Rows of sessions the viewer is one of the people in."""
    return await _allowed(info, rows, attrgetter("in_the_room"))


async def readable_notes(info: Info, rows: list[Any]) -> list[bool]:
    """Notes not deleted, of sessions the viewer may read."""
    shown = await readable(info, rows)
    return [ok and row.deleted_at is None for row, ok in zip(rows, shown, strict=True)]


@strawberry.type(name="CafeRound", description="A round of the café: one question, a timebox.")
class CafeRoundNode(relay.Node):
    id: relay.NodeID[int]
    position: int
    question: str
    principle: PrincipleCodeEnum | None
    timebox_seconds: int | None
    started_at: datetime | None
    ends_at: datetime | None = strawberry.field(
        description="When the timebox runs out, fixed by the server when the round starts."
    )
    ended_at: datetime | None
    session_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: CafeRound) -> Self:
        return cls(
            id=row.id,
            position=row.position,
            question=row.question,
            principle=_principle(row.principle),
            timebox_seconds=row.timebox_seconds,
            started_at=row.started_at,
            ends_at=row.ends_at,
            ended_at=row.ended_at,
            session_id=row.session_id,
        )

    @classmethod
    def from_snapshot(cls, snapshot: RoundSnapshot) -> Self:
        return cls(
            id=snapshot.id,
            position=snapshot.position,
            question=snapshot.question,
            principle=_principle(snapshot.principle),
            timebox_seconds=snapshot.timebox_seconds,
            started_at=snapshot.started_at,
            ends_at=snapshot.ends_at,
            ended_at=snapshot.ended_at,
            session_id=snapshot.session_id,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(info, rounds_by_id, node_ids, cls.from_row, readable)

    @strawberry.field(description="Started and not yet ended.")
    def running(self) -> bool:
        return self.started_at is not None and self.ended_at is None

    @strawberry.field(
        description="Seconds left of the timebox by the server's clock, when the query ran; "
        "count down to endsAt from there."
    )
    def remaining_seconds(self) -> int | None:
        if self.ends_at is None or self.ended_at is not None:
            return None
        return max(0, int((self.ends_at - now()).total_seconds()))


@strawberry.type(name="CafeTable", description="A table in the café, with its hosts.")
class CafeTableNode(relay.Node):
    id: relay.NodeID[int]
    name: str
    position: int
    session_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: CafeTable) -> Self:
        return cls(id=row.id, name=row.name, position=row.position, session_id=row.session_id)

    @classmethod
    def from_snapshot(cls, snapshot: TableSnapshot) -> Self:
        return cls(
            id=snapshot.id,
            name=snapshot.name,
            position=snapshot.position,
            session_id=snapshot.session_id,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(info, tables_by_id, node_ids, cls.from_row, readable)

    @viewer_field(description="Whether the viewer may add notes at this table now.")
    async def viewer_can_write(self, info: Info) -> bool:
        access = await access_of(info, self.session_id)
        return access is not None and access.may_write_at(self.id)

    @viewer_field(description="Whether the viewer may put dots on this table's notes now.")
    async def viewer_can_vote(self, info: Info) -> bool:
        access = await access_of(info, self.session_id)
        return access is not None and access.may_vote_at(self.id)

    @scope_field(
        description="The facilitators hosting the table; null for readers outside the session."
    )
    async def facilitators(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[UserNode] | None:
        if not await in_the_room(info, self.session_id):
            return None
        return await table_facilitators.connection(info, self.id, first, after, UserNode.from_row)

    @scope_field(description="Who sits here now, in joining order; for the people in the session.")
    async def participants(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[CafeParticipantNode] | None:
        if not await in_the_room(info, self.session_id):
            return None
        return await table_participants.connection(
            info, self.id, first, after, CafeParticipantNode.from_row
        )


@strawberry.type(
    name="CafeParticipant", description="Someone in the room, with an account or as a guest."
)
class CafeParticipantNode(relay.Node):
    id: relay.NodeID[int]
    display_name: str
    guest: bool = strawberry.field(description="Joined with the join code, without an account.")
    hosting: bool = strawberry.field(
        description="Seated only because they host a table (following, writing or typing "
        "there): not a participant, not listed and not voting, until they join."
    )
    joined_at: datetime | None
    left_at: datetime | None
    session_id: strawberry.Private[int]
    table_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: CafeParticipant) -> Self:
        return cls(
            id=row.id,
            display_name=row.display_name,
            guest=row.user_id is None,
            hosting=row.seated_by_hosting,
            joined_at=row.joined_at,
            left_at=row.left_at,
            session_id=row.session_id,
            table_id=row.table_id,
        )

    @classmethod
    def from_snapshot(cls, snapshot: ParticipantSnapshot) -> Self:
        return cls(
            id=snapshot.id,
            display_name=snapshot.display_name,
            guest=snapshot.guest,
            hosting=snapshot.hosting,
            joined_at=snapshot.joined_at,
            left_at=snapshot.left_at,
            session_id=snapshot.session_id,
            table_id=snapshot.table_id,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(info, participants_by_id, node_ids, cls.from_row, in_its_room)

    @scope_field(description="The table they sit at.")
    async def table(self, info: Info) -> CafeTableNode | None:
        if self.table_id is None:
            return None
        row = await loader(info, tables_by_id).load(self.table_id)
        return CafeTableNode.from_row(row) if row is not None else None

    @strawberry.field(description="Whether they are still in the room.")
    def present(self) -> bool:
        return self.left_at is None


@strawberry.type(name="CafeCluster", description="Notes that say the same thing, named.")
class CafeClusterNode(relay.Node):
    id: relay.NodeID[int]
    name: str
    session_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: CafeCluster) -> Self:
        return cls(id=row.id, name=row.name, session_id=row.session_id)

    @classmethod
    def from_snapshot(cls, snapshot: ClusterSnapshot) -> Self:
        return cls(id=snapshot.id, name=snapshot.name, session_id=snapshot.session_id)

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(info, clusters_by_id, node_ids, cls.from_row, readable)

    @scope_field(description="The notes in the cluster, oldest first.")
    async def notes(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[CafeNoteNode]:
        return await cluster_notes.connection(info, self.id, first, after, CafeNoteNode.from_row)


@strawberry.type(name="CafeNote", description="A note written at a table, in a round.")
class CafeNoteNode(relay.Node):
    id: relay.NodeID[int]
    text: str
    version: int = strawberry.field(
        description="Counts changes to the text; send it back as expectedVersion when editing.",
    )
    client_id: str = strawberry.field(description="The id the writing client gave the note.")
    principle: PrincipleCodeEnum | None
    deleted: bool
    created_at: datetime
    edited_at: datetime | None
    session_id: strawberry.Private[int]
    round_id: strawberry.Private[int]
    table_id: strawberry.Private[int]
    author_id: strawberry.Private[int]
    cluster_id: strawberry.Private[int | None]
    votes: strawberry.Private[int | None]  # known from an event's snapshot

    @classmethod
    def from_row(cls, row: CafeNote) -> Self:
        return cls(
            id=row.id,
            text=row.text if row.deleted_at is None else "",
            version=row.version,
            client_id=row.client_id,
            principle=_principle(row.principle),
            deleted=row.deleted_at is not None,
            created_at=row.created_at,
            edited_at=row.edited_at,
            session_id=row.session_id,
            round_id=row.round_id,
            table_id=row.table_id,
            author_id=row.author_id,
            cluster_id=row.cluster_id,
            votes=None,
        )

    @classmethod
    def from_snapshot(cls, snapshot: NoteSnapshot) -> Self:
        return cls(
            id=snapshot.id,
            text=snapshot.text,
            version=snapshot.version,
            client_id=snapshot.client_id,
            principle=_principle(snapshot.principle),
            deleted=snapshot.deleted,
            created_at=snapshot.created_at,
            edited_at=snapshot.edited_at,
            session_id=snapshot.session_id,
            round_id=snapshot.round_id,
            table_id=snapshot.table_id,
            author_id=snapshot.author_id,
            cluster_id=snapshot.cluster_id,
            votes=snapshot.votes,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(info, notes_by_id, node_ids, cls.from_row, readable_notes)

    @scope_field(description="Dots given to the note, by everyone.")
    async def vote_count(self, info: Info) -> int:
        if self.votes is not None:
            return self.votes
        total: int = await loader(info, vote_totals_by_note_id).load(self.id)
        return total

    @scope_field()
    async def round(self, info: Info) -> CafeRoundNode:
        return CafeRoundNode.from_row(await loader(info, rounds_by_id).load(self.round_id))

    @scope_field()
    async def table(self, info: Info) -> CafeTableNode:
        return CafeTableNode.from_row(await loader(info, tables_by_id).load(self.table_id))

    @scope_field()
    async def cluster(self, info: Info) -> CafeClusterNode | None:
        if self.cluster_id is None:
            return None
        row = await loader(info, clusters_by_id).load(self.cluster_id)
        return CafeClusterNode.from_row(row) if row is not None else None

    @scope_field(
        description="Who wrote it; null in anonymous sessions and for readers outside the session."
    )
    async def author(self, info: Info) -> CafeParticipantNode | None:
        access = await access_of(info, self.session_id)
        if access is None or not access.in_the_room or access.cafe.anonymous_notes:
            return None
        row = await loader(info, participants_by_id).load(self.author_id)
        return CafeParticipantNode.from_row(row) if row is not None else None

    @viewer_field(description="Whether the viewer may edit or delete this note now.")
    async def viewer_can_edit(self, info: Info) -> bool:
        access = await access_of(info, self.session_id)
        if access is None or self.deleted:
            return False
        return access.may_change_note(self.table_id, self.author_id)

    @viewer_field(description="The viewer's own dots on this note.")
    async def viewer_votes(self, info: Info) -> int:
        access = await access_of(info, self.session_id)
        if access is None or access.participant is None:
            return 0
        votes = await loader(info, votes_by_participant_id).load(access.participant.id)
        return sum(v.dots for v in votes if v.note_id == self.id)
