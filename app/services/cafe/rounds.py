"""Rounds: one question each, optionally under a principle, with a timebox kept by the server.

When a round starts, the server fixes its end time; every client counts down to that instant,
whatever its own clock says. The timekeeper ends rounds whose time is up.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.agreement.principles import PrincipleCode
from app.services.cafe.access import Access, access_to, row_under_lock
from app.services.cafe.events import (
    RoundChanged,
    RoundSnapshot,
    SessionChanged,
    SessionSnapshot,
    record,
)
from app.services.cafe.fields import QUESTION_MAX, clean_name, clean_timebox
from app.services.cafe.limits import MAX_ROUNDS, require_room
from app.services.cafe.vocabulary import EventKind, SessionStatus
from app.services.clock import now
from app.services.errors import ErrorCode, fail
from app.services.unit_of_work import UnitOfWork
from app.services.viewer import Viewer
from db.models import CafeRound


async def add_round(
    session: AsyncSession,
    viewer: Viewer,
    session_id: int,
    *,
    question: str,
    principle: PrincipleCode | None,
    timebox_seconds: int | None,
) -> CafeRound:
    viewer.require_account()
    access = await access_to(session, viewer, session_id, lock=True)
    access.require_control()
    access.require_status(SessionStatus.DRAFT, SessionStatus.LIVE)
    text = clean_name("question", question, QUESTION_MAX)
    timebox = clean_timebox(timebox_seconds)
    owned = CafeRound.session_id == session_id
    await require_room(session, CafeRound.id, owned, MAX_ROUNDS, "rounds in a session")
    position = (
        await session.scalar(
            select(func.max(CafeRound.position)).where(CafeRound.session_id == session_id)
        )
        or 0
    ) + 1
    round_ = CafeRound(
        session_id=session_id,
        position=position,
        question=text,
        principle=principle,
        timebox_seconds=timebox,
    )
    session.add(round_)
    await session.flush()
    await record(
        session, session_id, EventKind.ROUND_ADDED, RoundChanged(round=RoundSnapshot.of(round_))
    )
    return round_


async def end_running_round(session: AsyncSession, session_id: int) -> CafeRound | None:
    """End the session's running round, if any (the caller holds the session lock)."""
    running = await session.scalar(
        select(CafeRound).where(
            CafeRound.session_id == session_id,
            CafeRound.started_at.is_not(None),
            CafeRound.ended_at.is_(None),
        )
    )
    if running is None:
        return None
    running.ended_at = now()
    await record(
        session, session_id, EventKind.ROUND_ENDED, RoundChanged(round=RoundSnapshot.of(running))
    )
    return running


async def _round_for_control(
    session: AsyncSession, viewer: Viewer, round_id: int
) -> tuple[Access, CafeRound]:
    viewer.require_account()
    access, round_ = await row_under_lock(session, viewer, CafeRound, round_id, "round")
    access.require_control()
    access.require_status(SessionStatus.DRAFT, SessionStatus.LIVE)
    return access, round_


async def start_round(session: AsyncSession, viewer: Viewer, round_id: int) -> CafeRound:
    """Start a round; the running one ends, and a draft session goes live with it."""
    access, round_ = await _round_for_control(session, viewer, round_id)
    if round_.started_at is not None:
        raise fail(ErrorCode.CONFLICT, "That round has already run.")
    await end_running_round(session, round_.session_id)
    if access.cafe.status == SessionStatus.DRAFT:
        access.cafe.status = SessionStatus.LIVE
        # begun before the time planned: it starts now (and so ends after it starts)
        access.cafe.starts_at = min(access.cafe.starts_at, now())
        await record(
            session,
            round_.session_id,
            EventKind.SESSION_LIVE,
            SessionChanged(session=SessionSnapshot.of(access.cafe)),
        )
    started = now()
    round_.started_at = started
    if round_.timebox_seconds is not None:
        round_.ends_at = started + timedelta(seconds=round_.timebox_seconds)
    await record(
        session,
        round_.session_id,
        EventKind.ROUND_STARTED,
        RoundChanged(round=RoundSnapshot.of(round_)),
    )
    return round_


async def end_round(session: AsyncSession, viewer: Viewer, round_id: int) -> CafeRound:
    _, round_ = await _round_for_control(session, viewer, round_id)
    if round_.started_at is None or round_.ended_at is not None:
        raise fail(ErrorCode.CONFLICT, "That round is not running.")
    ended = await end_running_round(session, round_.session_id)
    assert ended is not None
    return ended


async def end_expired_rounds(writes: UnitOfWork) -> int:
    """The timekeeper: end every running round whose time is up. Returns how many it ended.

    Safe with several processes: the conditional update lets only one of them end a round.
    """
    async with writes.db.read() as session:
        due = (
            await session.execute(
                select(CafeRound.id, CafeRound.session_id).where(
                    CafeRound.ended_at.is_(None), CafeRound.ends_at <= now()
                )
            )
        ).all()
    ended = 0
    for round_id, session_id in due:
        async with writes.transaction() as session:
            await access_to(session, _TIMEKEEPER, session_id, lock=True)
            result = await session.execute(
                update(CafeRound)
                .where(CafeRound.id == round_id, CafeRound.ended_at.is_(None))
                .values(ended_at=now())
                .returning(CafeRound.id)
            )
            if result.scalar() is None:
                continue  # another process ended it
            round_ = await session.get(CafeRound, round_id, populate_existing=True)
            assert round_ is not None
            await record(
                session,
                session_id,
                EventKind.ROUND_ENDED,
                RoundChanged(round=RoundSnapshot.of(round_)),
            )
        ended += 1
    return ended


_TIMEKEEPER = Viewer()
