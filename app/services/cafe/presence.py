"""Presence: who is connected at which table, and who is typing. Never stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import Viewer
from app.errors import ErrorCode, fail, forbidden
from app.services.cafe.access import access_to, row_in_session
from app.services.cafe.vocabulary import SessionStatus
from db.models import CafeTable


class PresenceKind(StrEnum):
    SNAPSHOT = "SNAPSHOT"
    CONNECTED = "CONNECTED"
    DISCONNECTED = "DISCONNECTED"
    TYPING = "TYPING"
    MOVED = "MOVED"


@dataclass(frozen=True)
class PresenceEntry:
    participant_id: int
    table_id: int | None
    typing: bool = False


@dataclass(frozen=True)
class PresenceUpdate:
    session_id: int
    kind: PresenceKind
    at: datetime
    participant_id: int | None = None
    table_id: int | None = None
    entries: tuple[PresenceEntry, ...] = ()


async def typist(session: AsyncSession, viewer: Viewer, session_id: int, table_id: int) -> int:
    """The participant id of a viewer who may say they are typing at the table."""
    access = await access_to(session, viewer, session_id)
    access.require_read()
    access.require_status(SessionStatus.LIVE)
    await row_in_session(session, CafeTable, table_id, session_id, "table", "table_id")
    if not access.can_write_at(table_id):
        raise forbidden("You write at the table you sit at.")
    if access.participant is None:
        raise fail(ErrorCode.CONFLICT, "Join the session first.", "session_id")
    return access.participant.id
