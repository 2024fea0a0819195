"""Who may say they are typing at a table (presence itself is the live layer's: who is
connected where, never stored)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.services.cafe.access import Access, access_to, row_in_session
from app.services.cafe.host_seats import writer_seat
from app.services.cafe.vocabulary import SessionStatus
from app.services.errors import forbidden
from app.services.viewer import Viewer
from db.models import CafeTable


async def _typing_access(
    session: AsyncSession, viewer: Viewer, session_id: int, table_id: int, *, lock: bool = False
) -> Access:
    """The viewer's access, if they may say they are typing at the table: if they may write
    there now."""
    access = await access_to(session, viewer, session_id, lock=lock)
    access.require_read()
    access.require_status(SessionStatus.LIVE)
    await row_in_session(session, CafeTable, table_id, session_id, "table", "table_id")
    if not access.can_write_at(table_id):
        raise forbidden("You write at the table you sit at.")
    return access


async def typist(
    session: AsyncSession, viewer: Viewer, session_id: int, table_id: int
) -> int | None:
    """The participant id of a viewer who may say they are typing at the table; None for a
    host who has no seat yet (see `seat_typing_host`)."""
    access = await _typing_access(session, viewer, session_id, table_id)
    return access.participant.id if access.participant is not None else None


async def seat_typing_host(
    session: AsyncSession, viewer: Viewer, session_id: int, table_id: int
) -> int:
    """A host typing before they have written: seated as their first note would seat them."""
    access = await _typing_access(session, viewer, session_id, table_id, lock=True)
    return (await writer_seat(session, viewer, access, table_id)).id
