"""`CafeSessionEvent`: one entry of a session's log, as subscribers receive it."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

import strawberry

from app.services.cafe.log import LoggedEvent
from schema.cafe.enums import CafeEventKind, CafeSessionStatus
from schema.cafe.types import (
    CafeClusterNode,
    CafeNoteNode,
    CafeParticipantNode,
    CafeRoundNode,
    CafeTableNode,
    in_the_room,
)
from schema.context import Context

Info = strawberry.Info[Context, None]


@strawberry.type(
    description="A change in a café session. `seq` counts the session's events without gaps; "
    "the object fields are set according to `kind`."
)
class CafeSessionEvent:
    seq: int
    kind: CafeEventKind  # type: ignore[valid-type]
    at: datetime
    note: CafeNoteNode | None = None
    round: CafeRoundNode | None = None
    table: CafeTableNode | None = None
    cluster: CafeClusterNode | None = None
    status: CafeSessionStatus | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="The session's status, on SESSION_* events."
    )
    session_id: strawberry.Private[int]
    named: strawberry.Private[str | None] = None
    participant_snapshot: strawberry.Private[dict[str, Any] | None] = None

    @classmethod
    def of(cls, event: LoggedEvent) -> Self:
        payload = event.payload

        def part(key: str) -> dict[str, Any] | None:
            value = payload.get(key)
            return value if isinstance(value, dict) else None

        note, round_, table, cluster = part("note"), part("round"), part("table"), part("cluster")
        session = part("session")
        facilitator = part("facilitator")
        return cls(
            seq=event.seq,
            kind=event.kind,
            at=event.at,
            note=CafeNoteNode.from_snapshot(note) if note else None,
            round=CafeRoundNode.from_snapshot(round_) if round_ else None,
            table=CafeTableNode.from_snapshot(table) if table else None,
            cluster=CafeClusterNode.from_snapshot(cluster) if cluster else None,
            status=session["status"] if session and event.kind.startswith("SESSION_") else None,
            named=facilitator.get("displayName") if facilitator else None,
            session_id=event.session_id,
            participant_snapshot=part("participant"),
        )

    @strawberry.field(
        description="Who was named or unnamed, on FACILITATOR_* events; null for readers outside "
        "the session."
    )
    async def facilitator_name(self, info: Info) -> str | None:
        if self.named is None:
            return None
        if not await in_the_room(info, self.session_id):
            return None
        return self.named

    @strawberry.field(description="On PARTICIPANT_* events; null for readers outside the session.")
    async def participant(self, info: Info) -> CafeParticipantNode | None:
        if self.participant_snapshot is None:
            return None
        if not await in_the_room(info, self.session_id):
            return None
        return CafeParticipantNode.from_snapshot(self.participant_snapshot)
