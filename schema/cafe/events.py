"""`CafeSessionEvent`: one entry of a session's log, as subscribers receive it."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry

from app.services.cafe.events import (
    ClusterChanged,
    FacilitatorChanged,
    NoteChanged,
    ParticipantChanged,
    ParticipantSnapshot,
    RoundChanged,
    SessionChanged,
    TableChanged,
)
from app.services.cafe.vocabulary import SessionStatus
from app.services.live.feeds import LoggedEvent
from schema.cafe.enums import CafeEventKind, CafeSessionStatus
from schema.cafe.types import (
    CafeClusterNode,
    CafeNoteNode,
    CafeParticipantNode,
    CafeRoundNode,
    CafeTableNode,
    in_the_room,
)
from schema.context import Info
from schema.sharing import scope_field


@strawberry.type(
    description="A change in a café session. `seq` counts the session's events without gaps; "
    "the object fields are set according to `kind`."
)
class CafeSessionEvent:
    seq: int
    kind: CafeEventKind
    at: datetime
    note: CafeNoteNode | None = None
    round: CafeRoundNode | None = None
    table: CafeTableNode | None = None
    cluster: CafeClusterNode | None = None
    status: CafeSessionStatus | None = strawberry.field(
        default=None, description="The session's status, on SESSION_* events."
    )
    session_id: strawberry.Private[int]
    named: strawberry.Private[str | None] = None
    participant_snapshot: strawberry.Private[ParticipantSnapshot | None] = None

    @classmethod
    def of(cls, event: LoggedEvent) -> Self:
        payload = event.payload
        made = cls(seq=event.seq, kind=CafeEventKind(event.kind), at=event.at, session_id=event.key)
        match payload:
            case NoteChanged(note=note):
                made.note = CafeNoteNode.from_snapshot(note)
            case RoundChanged(round=round_):
                made.round = CafeRoundNode.from_snapshot(round_)
            case TableChanged(table=table):
                made.table = CafeTableNode.from_snapshot(table)
            case ClusterChanged(cluster=cluster):
                made.cluster = CafeClusterNode.from_snapshot(cluster)
            case SessionChanged(session=session):
                made.status = SessionStatus(session.status)
            case FacilitatorChanged(table=table, facilitator=facilitator):
                made.table = CafeTableNode.from_snapshot(table)
                made.named = facilitator.display_name
            case ParticipantChanged(participant=participant):
                made.participant_snapshot = participant
        return made

    @scope_field(
        description="Who was named or unnamed, on FACILITATOR_* events; null for readers outside "
        "the session."
    )
    async def facilitator_name(self, info: Info) -> str | None:
        if self.named is None:
            return None
        if not await in_the_room(info, self.session_id):
            return None
        return self.named

    @scope_field(description="On PARTICIPANT_* events; null for readers outside the session.")
    async def participant(self, info: Info) -> CafeParticipantNode | None:
        if self.participant_snapshot is None:
            return None
        if not await in_the_room(info, self.session_id):
            return None
        return CafeParticipantNode.from_snapshot(self.participant_snapshot)
