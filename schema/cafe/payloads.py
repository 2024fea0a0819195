"""Payloads of café mutations."""

from __future__ import annotations

import strawberry

from schema.cafe.session import CafeSessionNode
from schema.cafe.types import (
    CafeClusterNode,
    CafeNoteNode,
    CafeParticipantNode,
    CafeRoundNode,
    CafeTableNode,
)
from schema.errors import UserError


@strawberry.type
class CafeSessionPayload:
    session: CafeSessionNode | None
    errors: list[UserError]


@strawberry.type
class CafeRoundPayload:
    round: CafeRoundNode | None
    errors: list[UserError]


@strawberry.type
class CafeTablePayload:
    table: CafeTableNode | None
    errors: list[UserError]


@strawberry.type
class CafeJoinPayload:
    participant: CafeParticipantNode | None
    session: CafeSessionNode | None
    token: str | None = strawberry.field(
        description="For guests: send as `Authorization: Bearer <token>` from now on; shown once."
    )
    errors: list[UserError]


@strawberry.type
class CafeParticipantPayload:
    participant: CafeParticipantNode | None
    errors: list[UserError]


@strawberry.type
class CafeNotePayload:
    note: CafeNoteNode | None = strawberry.field(
        description="The note; on a CONFLICT, the note as it is now (text and version)."
    )
    errors: list[UserError]


@strawberry.type
class CafeClusterPayload:
    cluster: CafeClusterNode | None
    errors: list[UserError]


@strawberry.type
class CafeNotesPayload:
    notes: list[CafeNoteNode] | None
    errors: list[UserError]


@strawberry.type
class CafeTypingPayload:
    ok: bool
    errors: list[UserError]
