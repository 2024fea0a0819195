"""Payloads of café mutations: the changed object and `errors`."""

from __future__ import annotations

from typing import Self

import strawberry

from app.services.cafe.sessions import Joined
from db.models import CafeCluster, CafeNote, CafeParticipant, CafeRound, CafeSession, CafeTable
from schema.cafe.session import CafeSessionNode
from schema.cafe.types import (
    CafeClusterNode,
    CafeNoteNode,
    CafeParticipantNode,
    CafeRoundNode,
    CafeTableNode,
)
from schema.errors import UserError
from schema.mutation import Outcome


@strawberry.type
class CafeSessionPayload:
    session: CafeSessionNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[CafeSession]) -> Self:
        row = outcome.value
        return cls(session=CafeSessionNode.from_row(row) if row else None, errors=outcome.errors)


@strawberry.type
class CafeRoundPayload:
    round: CafeRoundNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[CafeRound]) -> Self:
        row = outcome.value
        return cls(round=CafeRoundNode.from_row(row) if row else None, errors=outcome.errors)


@strawberry.type
class CafeTablePayload:
    table: CafeTableNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[CafeTable]) -> Self:
        row = outcome.value
        return cls(table=CafeTableNode.from_row(row) if row else None, errors=outcome.errors)


@strawberry.type
class CafeJoinPayload:
    participant: CafeParticipantNode | None
    session: CafeSessionNode | None
    token: str | None = strawberry.field(
        description="For guests: send as `Authorization: Bearer <token>` from now on; shown once."
    )
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[Joined]) -> Self:
        joined = outcome.value
        if joined is None:
            return cls(participant=None, session=None, token=None, errors=outcome.errors)
        return cls(
            participant=CafeParticipantNode.from_row(joined.participant),
            session=CafeSessionNode.from_row(joined.cafe),
            token=joined.token,
            errors=[],
        )


@strawberry.type
class CafeParticipantPayload:
    participant: CafeParticipantNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[CafeParticipant]) -> Self:
        row = outcome.value
        node = CafeParticipantNode.from_row(row) if row else None
        return cls(participant=node, errors=outcome.errors)


@strawberry.type
class CafeNotePayload:
    note: CafeNoteNode | None = strawberry.field(
        description="The note; on a CONFLICT, the note as it is now (text and version)."
    )
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[CafeNote]) -> Self:
        note = outcome.value if outcome.value is not None else outcome.current
        node = CafeNoteNode.from_row(note) if isinstance(note, CafeNote) else None
        return cls(note=node, errors=outcome.errors)


@strawberry.type
class CafeClusterPayload:
    cluster: CafeClusterNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[CafeCluster]) -> Self:
        row = outcome.value
        return cls(cluster=CafeClusterNode.from_row(row) if row else None, errors=outcome.errors)


@strawberry.type
class CafeNotesPayload:
    notes: list[CafeNoteNode] | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[list[CafeNote]]) -> Self:
        rows = outcome.value
        nodes = [CafeNoteNode.from_row(n) for n in rows] if rows is not None else None
        return cls(notes=nodes, errors=outcome.errors)


@strawberry.type
class CafeTypingPayload:
    errors: list[UserError]
    ok: bool = False
