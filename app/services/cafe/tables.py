"""Tables and the facilitators the organiser names to host them."""

from __future__ import annotations

import hashlib

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.attempts import recent_attempts, record_attempt, serialise
from app.services.accounts.login import LoginLimits, user_by_email
from app.services.cafe.access import HOSTS_SEAT, access_to, row_under_lock
from app.services.cafe.events import (
    FacilitatorChanged,
    FacilitatorSnapshot,
    TableChanged,
    TableSnapshot,
    record,
)
from app.services.cafe.fields import clean_name
from app.services.cafe.limits import MAX_FACILITATORS_PER_TABLE, MAX_TABLES, require_room
from app.services.cafe.vocabulary import EventKind, SessionStatus
from app.services.clock import now
from app.services.errors import ErrorCode, Problem, fail
from app.services.viewer import Viewer
from db.models import CafeFacilitator, CafeParticipant, CafeTable, LoginAttempt

UNKNOWN_EMAIL = Problem(ErrorCode.NOT_FOUND, "No account with that email.", "email")


async def add_table(session: AsyncSession, viewer: Viewer, session_id: int, name: str) -> CafeTable:
    viewer.require_account()
    access = await access_to(session, viewer, session_id, lock=True)
    access.require_control()
    access.require_status(SessionStatus.DRAFT, SessionStatus.LIVE)
    clean = clean_name("name", name)
    owned = CafeTable.session_id == session_id
    await require_room(session, CafeTable.id, owned, MAX_TABLES, "tables in a session")
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
    await record(
        session, session_id, EventKind.TABLE_ADDED, TableChanged(table=TableSnapshot.of(table))
    )
    return table


async def _table_for_control(session: AsyncSession, viewer: Viewer, table_id: int) -> CafeTable:
    viewer.require_account()
    access, table = await row_under_lock(session, viewer, CafeTable, table_id, "table", "table_id")
    access.require_control()
    access.require_status(SessionStatus.DRAFT, SessionStatus.LIVE)
    return table


def _lookup_key(user_id: int) -> str:
    return hashlib.sha256(f"cafe-facilitator-lookup:{user_id}".encode()).hexdigest()


async def add_facilitator(
    session: AsyncSession,
    viewer: Viewer,
    table_id: int,
    email: str,
    *,
    address: str,
    limits: LoginLimits,
) -> CafeTable | Problem:
    """The organiser names a facilitator for a table, by the email of their account.

    Emails that match no account are counted per organiser and limited like wrong
    passwords, so that naming facilitators is no way to find out who has an account. An
    unknown email is answered, not raised: the failed attempt it stores must be committed.
    """
    user_id = viewer.require_account()
    key = _lookup_key(user_id)
    await serialise(session, key)
    unknown = await recent_attempts(session, LoginAttempt.account_key, key, limits.window)
    if unknown >= limits.max_failures_per_account_and_address:
        raise fail(ErrorCode.RATE_LIMITED, "Too many emails without an account. Try again later.")
    table = await _table_for_control(session, viewer, table_id)
    user = await user_by_email(session, email)
    if user is None:
        await record_attempt(session, key, address, succeeded=False, window=limits.window)
        return UNKNOWN_EMAIL
    if await session.get(CafeFacilitator, (table_id, user.id)) is None:
        hosts = CafeFacilitator.table_id == table_id
        limit = MAX_FACILITATORS_PER_TABLE
        await require_room(session, CafeFacilitator.user_id, hosts, limit, "facilitators per table")
        session.add(CafeFacilitator(table_id=table_id, user_id=user.id))
        await session.flush()
        await record(
            session,
            table.session_id,
            EventKind.FACILITATOR_ADDED,
            FacilitatorChanged(
                table=TableSnapshot.of(table),
                facilitator=FacilitatorSnapshot(user_id=user.id, display_name=user.display_name),
            ),
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
    await record(
        session,
        table.session_id,
        EventKind.FACILITATOR_REMOVED,
        FacilitatorChanged(
            table=TableSnapshot.of(table), facilitator=FacilitatorSnapshot(user_id=user_id)
        ),
    )
    await _unseat_former_host(session, table, user_id)
    return table


async def _unseat_former_host(session: AsyncSession, table: CafeTable, user_id: int) -> None:
    """Someone seated at this table only because they hosted it leaves the seat with the
    hosting (the seat gives no rights, see Access.joined, but presence and viewerParticipant
    would still place them here). Hosting other tables still, they sit at one of those."""
    participant = await session.scalar(
        select(CafeParticipant).where(
            CafeParticipant.session_id == table.session_id,
            CafeParticipant.user_id == user_id,
            CafeParticipant.table_id == table.id,
            HOSTS_SEAT,
        )
    )
    if participant is None:
        return
    still_hosted = await session.scalar(
        select(func.min(CafeFacilitator.table_id))
        .join(CafeTable, CafeTable.id == CafeFacilitator.table_id)
        .where(CafeTable.session_id == table.session_id, CafeFacilitator.user_id == user_id)
    )
    # like the seat itself (see notes._author), this is not announced
    if still_hosted is not None:
        participant.table_id = still_hosted
    else:
        participant.left_at = now()
