"""Tables and the facilitators the organiser names to host them."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import Viewer
from app.errors import ErrorCode, fail, require_login
from app.services.cafe import log
from app.services.cafe.access import access_to, row_under_lock
from app.services.cafe.fields import clean_name
from app.services.cafe.snapshots import table_snapshot
from app.services.cafe.vocabulary import EventKind, SessionStatus
from db.models import CafeFacilitator, CafeTable, User


async def add_table(session: AsyncSession, viewer: Viewer, session_id: int, name: str) -> CafeTable:
    require_login(viewer.user_id)
    access = await access_to(session, viewer, session_id, lock=True)
    access.require_control()
    access.require_status(SessionStatus.DRAFT, SessionStatus.LIVE)
    clean = clean_name("name", name)
    position = (
        await session.scalar(
            select(func.max(CafeTable.position)).where(CafeTable.session_id == session_id)
        )
        or 0
    ) + 1
    table = CafeTable(session_id=session_id, name=clean, position=position)
    session.add(table)
    try:
        await session.flush()
    except IntegrityError:
        raise fail(
            ErrorCode.DUPLICATE, "The session already has a table by that name.", "name"
        ) from None
    await log.record(session, session_id, EventKind.TABLE_ADDED, {"table": table_snapshot(table)})
    return table


async def _table_for_control(session: AsyncSession, viewer: Viewer, table_id: int) -> CafeTable:
    require_login(viewer.user_id)
    access, table = await row_under_lock(session, viewer, CafeTable, table_id, "table", "table_id")
    access.require_control()
    access.require_status(SessionStatus.DRAFT, SessionStatus.LIVE)
    return table


async def add_facilitator(
    session: AsyncSession, viewer: Viewer, table_id: int, email: str
) -> CafeTable:
    """The organiser names a facilitator for a table, by the email of their account."""
    table = await _table_for_control(session, viewer, table_id)
    user = await session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise fail(ErrorCode.NOT_FOUND, "No account with that email.", "email")
    if await session.get(CafeFacilitator, (table_id, user.id)) is None:
        session.add(CafeFacilitator(table_id=table_id, user_id=user.id))
        await session.flush()
        await log.record(
            session,
            table.session_id,
            EventKind.FACILITATOR_ADDED,
            {
                "table": table_snapshot(table),
                "facilitator": {"userId": user.id, "displayName": user.display_name},
            },
        )
    return table


async def remove_facilitator(
    session: AsyncSession, viewer: Viewer, table_id: int, user_id: int
) -> CafeTable:
    table = await _table_for_control(session, viewer, table_id)
    removed = await session.execute(
        delete(CafeFacilitator)
        .where(CafeFacilitator.table_id == table_id, CafeFacilitator.user_id == user_id)
        .returning(CafeFacilitator.user_id)
    )
    if removed.scalar() is None:
        raise fail(ErrorCode.NOT_FOUND, "That person does not host this table.", "user_id")
    await log.record(
        session,
        table.session_id,
        EventKind.FACILITATOR_REMOVED,
        {"table": table_snapshot(table), "facilitator": {"userId": user_id}},
    )
    return table
