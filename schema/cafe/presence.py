"""`CafePresenceEvent`: who is connected and typing; never stored, so there is no seq."""

from __future__ import annotations

from datetime import datetime
from typing import Self, TypeAlias

import strawberry

from app.services.live.presence import PresenceEntry, PresenceKind, PresenceUpdate
from schema.cafe.loaders import participants_by_id, tables_by_id
from schema.cafe.types import CafeParticipantNode, CafeTableNode
from schema.context import Info
from schema.loading import loader
from schema.sharing import scope_field

strawberry.enum(PresenceKind, name="CafePresenceKind")
CafePresenceKind: TypeAlias = PresenceKind


async def _participant(info: Info, participant_id: int | None) -> CafeParticipantNode | None:
    if participant_id is None:
        return None
    row = await loader(info, participants_by_id).load(participant_id)
    return CafeParticipantNode.from_row(row) if row is not None else None


async def _table(info: Info, table_id: int | None) -> CafeTableNode | None:
    if table_id is None:
        return None
    row = await loader(info, tables_by_id).load(table_id)
    return CafeTableNode.from_row(row) if row is not None else None


@strawberry.type(description="Someone connected, the table they sit at, and whether they type.")
class CafePresenceEntry:
    typing: bool
    entry: strawberry.Private[PresenceEntry]

    @scope_field()
    async def participant(self, info: Info) -> CafeParticipantNode | None:
        return await _participant(info, self.entry.who)

    @scope_field()
    async def table(self, info: Info) -> CafeTableNode | None:
        return await _table(info, self.entry.where)


@strawberry.type(
    description="SNAPSHOT first (everyone connected), then CONNECTED, DISCONNECTED, TYPING "
    "and MOVED (someone connected changed tables)."
)
class CafePresenceEvent:
    kind: CafePresenceKind
    at: datetime
    entries: list[CafePresenceEntry] = strawberry.field(description="On SNAPSHOT: who is here.")
    update: strawberry.Private[PresenceUpdate]

    @classmethod
    def of(cls, update: PresenceUpdate) -> Self:
        return cls(
            kind=update.kind,
            at=update.at,
            entries=[CafePresenceEntry(typing=e.typing, entry=e) for e in update.entries],
            update=update,
        )

    @scope_field(description="Who connected, disconnected or typed.")
    async def participant(self, info: Info) -> CafeParticipantNode | None:
        return await _participant(info, self.update.who)

    @scope_field(description="At which table.")
    async def table(self, info: Info) -> CafeTableNode | None:
        return await _table(info, self.update.where)
