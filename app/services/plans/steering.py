"""The steering group: ten seats, five the city's (appointed by the coordinator) and five the
associations' (elected among the signatories; entered here by the coordinator until the
platform holds the elections), each a term; the chair alternates between the two sides from
one chair's term to the next, and the platform says whose turn it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.clock import now
from app.services.errors import ErrorCode, Problems, fail, not_found
from app.services.plans import access
from app.services.validation import clean_text
from app.services.viewer import Viewer
from db.models import Association, Election, SteeringSeat, User

SEATS_PER_SIDE = 5
SIDES = ("CITY", "ASSOCIATIONS")
GROUP_LOCK = 7_300_512  # the steering group's advisory lock key


@dataclass(frozen=True)
class Appointment:
    side: str
    name: str
    term_starts_on: date
    term_ends_on: date
    chair: bool = False
    association_id: int | None = None
    shares: str | None = None
    user_id: int | None = None  # the member's account, with which a member edits the plans


async def lock_group(session: AsyncSession) -> list[SteeringSeat]:
    """One writer of the group at a time (PostgreSQL: a transaction-scoped advisory lock,
    since an empty group has no row to lock; SQLite's writers are serialised already), so
    the seats returned are the seats a check holds for until the transaction ends."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": GROUP_LOCK})
    return list((await session.scalars(select(SteeringSeat))).all())


def term_end(starts_on: date, years: int) -> date:
    """The last day of a term of `years` years (one from 29 February ends on 28 February)."""
    return starts_on + relativedelta(years=years) - timedelta(days=1)


async def seats_promised(
    session: AsyncSession, starts_on: date, ends_on: date, excluding: int | None = None
) -> int:
    """The association seats elections not yet counted will fill (for two years from their
    term's start) in the time given: they are held for them."""
    found = 0
    for seats, term_starts_on in (
        await session.execute(
            select(Election.seats, Election.term_starts_on).where(
                Election.counted_at.is_(None),
                Election.id != (excluding or 0),
                Election.term_starts_on <= ends_on,
            )
        )
    ).all():
        if term_end(term_starts_on, 2) >= starts_on:
            found += seats
    return found


async def require_room(
    session: AsyncSession,
    wanted: int,
    starts_on: date,
    field: str,
    election_id: int | None = None,
) -> None:
    """The associations' side keeps its five seats: `wanted` elected for two years from
    `starts_on` must fit beside the terms that overlap theirs and the seats other elections
    will fill (under the group's lock)."""
    ends_on = term_end(starts_on, 2)
    held = seats_held(await lock_group(session), "ASSOCIATIONS", starts_on, ends_on)
    free = SEATS_PER_SIDE - held - await seats_promised(session, starts_on, ends_on, election_id)
    if wanted > free:
        raise fail(
            ErrorCode.CONFLICT,
            f"The associations' side has {max(free, 0)} of its {SEATS_PER_SIDE} seats free "
            f"from {starts_on} (elections not yet counted included).",
            field,
        )


def seats_held(seats: list[SteeringSeat], side: str, starts_on: date, ends_on: date) -> int:
    """The side's terms that overlap the time (all of them count: a cautious bound)."""
    return sum(
        1
        for s in seats
        if s.side == side and s.term_starts_on <= ends_on and starts_on <= s.term_ends_on
    )


def current(seats: list[SteeringSeat], on: date) -> list[SteeringSeat]:
    return [s for s in seats if s.term_starts_on <= on <= s.term_ends_on]


def chair_sides(seats: list[SteeringSeat], on: date) -> tuple[str | None, str | None]:
    """(whose chair it is on the day, whose turn it is next): the sides alternate."""
    chairs = sorted((s for s in seats if s.position == "CHAIR"), key=lambda s: s.term_starts_on)
    now_chair = next((s.side for s in chairs if s.term_starts_on <= on <= s.term_ends_on), None)
    latest = chairs[-1].side if chairs else None
    basis = now_chair or latest
    return now_chair, None if basis is None else SIDES[1 - SIDES.index(basis)]


async def appoint(session: AsyncSession, viewer: Viewer, appointment: Appointment) -> SteeringSeat:
    access.require_coordinator(viewer, "appoints to the steering group")
    problems = Problems()
    name = clean_text(problems, "name", appointment.name, max_length=120, required=True)
    shares = clean_text(problems, "shares", appointment.shares, max_length=300)
    if appointment.side not in SIDES:
        problems.add(ErrorCode.INVALID, "CITY or ASSOCIATIONS.", "side")
    if appointment.term_ends_on < appointment.term_starts_on:
        problems.add(ErrorCode.INVALID, "The term must end after it starts.", "term_ends_on")
    if appointment.side == "ASSOCIATIONS" and appointment.association_id is None:
        problems.add(
            ErrorCode.REQUIRED, "An association seat names its association.", "association_id"
        )
    problems.raise_if_any()
    if (
        appointment.association_id is not None
        and await session.get(Association, appointment.association_id) is None
    ):
        raise not_found("association", "association_id")
    if appointment.user_id is not None and await session.get(User, appointment.user_id) is None:
        raise not_found("user", "user_id")
    seats = await lock_group(session)
    taken = seats_held(
        seats, appointment.side, appointment.term_starts_on, appointment.term_ends_on
    )
    if appointment.side == "ASSOCIATIONS":
        taken += await seats_promised(session, appointment.term_starts_on, appointment.term_ends_on)
    if taken >= SEATS_PER_SIDE:
        raise fail(
            ErrorCode.FULL,
            f"The {appointment.side.lower()} side has {SEATS_PER_SIDE} seats for that time.",
            "side",
        )
    if appointment.chair:
        clash = [
            s
            for s in seats
            if s.position == "CHAIR"
            and s.term_starts_on <= appointment.term_ends_on
            and appointment.term_starts_on <= s.term_ends_on
        ]
        if clash:
            raise fail(ErrorCode.CONFLICT, "There is a chair for that time already.", "chair")
        before = sorted(
            (
                s
                for s in seats
                if s.position == "CHAIR" and s.term_ends_on < appointment.term_starts_on
            ),
            key=lambda s: s.term_starts_on,
        )
        if before and before[-1].side == appointment.side:
            raise fail(
                ErrorCode.CONFLICT, "The chair alternates: it is the other side's turn.", "chair"
            )
    seat = SteeringSeat(
        side=appointment.side,
        position="CHAIR" if appointment.chair else "MEMBER",
        name=name or "",
        association_id=appointment.association_id,
        user_id=appointment.user_id,
        shares=shares,
        term_starts_on=appointment.term_starts_on,
        term_ends_on=appointment.term_ends_on,
        created_at=now(),
    )
    session.add(seat)
    await session.flush()
    return seat
