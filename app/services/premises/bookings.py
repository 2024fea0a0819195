"""Booking premises: request, approve, decline, cancel. No double booking, ever.

Every write to one premises' bookings first takes the premises' row lock (PostgreSQL; on
SQLite the write lock is the database's), so its writers go one at a time and never deadlock.
What guarantees that slot-holding bookings never overlap is the database itself: the
exclusion constraint or the triggers of migration 0007. An insert they refuse is rolled back
to its savepoint and answered as a CONFLICT naming the time that is taken.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.clock import CITY_ZONE, now
from app.services.errors import ErrorCode, Problems, fail, not_found
from app.services.premises import access
from app.services.premises.events import record_change
from app.services.premises.premises import lock_premises
from app.services.premises.rules import Opening, blocked, check_shape, refusal
from app.services.premises.vocabulary import HOLDS_SLOT, BookingStatus
from app.services.terms import TermsKind
from app.services.validation import clean_phone, clean_text
from app.services.viewer import Viewer
from db.models import Association, Booking, OpeningHours, Premises

PURPOSE_MAX = 1000
REASON_MAX = 1000
HELP_MAX = 1000
OVERLAP = "bookings_no_overlap"  # the constraint's name, and the SQLite triggers' message


@dataclass(frozen=True)
class BookingRequest:
    premises_id: int
    association_id: int | None
    starts_at: datetime
    ends_at: datetime
    purpose: str
    attendees: int
    contact_name: str | None = None
    contact_phone: str | None = None
    offered_help: str | None = None  # for premises lent in return for help


@dataclass(frozen=True)
class Details:
    """What a booking says besides its time, checked."""

    purpose: str
    attendees: int
    contact_name: str | None
    contact_phone: str | None
    offered_help: str | None


def clean_details(
    problems: Problems,
    premises: Premises,
    purpose: str,
    attendees: int,
    contact_name: str | None,
    contact_phone: str | None,
    offered_help: str | None,
) -> Details:
    text = clean_text(
        problems, "purpose", purpose, max_length=PURPOSE_MAX, required=True, multiline=True
    )
    name = clean_text(problems, "contact_name", contact_name, max_length=120)
    phone = clean_phone(problems, "contact_phone", contact_phone)
    help_text = None
    if premises.terms == TermsKind.IN_RETURN:
        help_text = clean_text(
            problems,
            "offered_help",
            offered_help,
            max_length=HELP_MAX,
            required=True,
            multiline=True,
        )
    elif offered_help and offered_help.strip():
        problems.add(
            ErrorCode.INVALID,
            "These premises are not lent in return for help.",
            "offered_help",
        )
    return Details(text or "", attendees, name, phone, help_text)


async def openings_of(session: AsyncSession, premises_id: int) -> list[Opening]:
    rows = await session.execute(
        select(OpeningHours.weekday, OpeningHours.opens_minute, OpeningHours.closes_minute).where(
            OpeningHours.premises_id == premises_id
        )
    )
    return [Opening(day, opens, closes) for day, opens, closes in rows]


async def require_association(session: AsyncSession, association_id: int | None) -> None:
    if association_id is not None and await session.get(Association, association_id) is None:
        raise not_found("association", "association_id")


def _local(moment: datetime) -> str:
    return moment.astimezone(CITY_ZONE).strftime("%Y-%m-%d %H:%M")


async def taken_message(
    session: AsyncSession,
    premises: Premises,
    held: tuple[datetime, datetime],
    moved_id: int | None = None,
) -> str:
    """Which slot-holding booking holds the time `held` (for the CONFLICT's message); not the
    booking `moved_id` itself, whose old time is still stored."""
    other = await session.scalar(
        select(Booking)
        .where(
            Booking.premises_id == premises.id,
            Booking.status.in_(list(HOLDS_SLOT)),
            Booking.blocked_from < held[1],
            Booking.blocked_until > held[0],
            true() if moved_id is None else Booking.id != moved_id,
        )
        .order_by(Booking.blocked_from)
        .limit(1)
    )
    if other is None:  # freed meanwhile: the same request may be sent again
        return "That time was being booked by someone else; try again."
    span = f"{_local(other.starts_at)}–{other.ends_at.astimezone(CITY_ZONE):%H:%M}"
    if (other.blocked_from, other.blocked_until) != (other.starts_at, other.ends_at):
        kept = f"{_local(other.blocked_from)}–{other.blocked_until.astimezone(CITY_ZONE):%H:%M}"
        return f"That time is taken: booked {span} (held {kept} with buffers)."
    return f"That time is taken: booked {span}."


async def insert_holding(session: AsyncSession, premises: Premises, booking: Booking) -> str | None:
    """Insert a slot-holding booking; None if it went in, else the CONFLICT's message (and
    nothing of it was written)."""
    held = (booking.blocked_from, booking.blocked_until)
    try:
        async with session.begin_nested():
            session.add(booking)
            await session.flush()
    except IntegrityError as error:
        if OVERLAP not in str(error.orig):
            raise
        return await taken_message(session, premises, held)
    return None


def new_booking(
    premises: Premises,
    association_id: int | None,
    user_id: int,
    starts_at: datetime,
    ends_at: datetime,
    details: Details,
    series_id: int | None = None,
) -> Booking:
    moment = now()
    status = BookingStatus.REQUESTED if premises.requires_approval else BookingStatus.CONFIRMED
    blocked_from, blocked_until = blocked(premises, starts_at, ends_at)
    return Booking(
        premises_id=premises.id,
        association_id=association_id,
        booked_by_id=user_id,
        series_id=series_id,
        status=str(status),
        starts_at=starts_at,
        ends_at=ends_at,
        blocked_from=blocked_from,
        blocked_until=blocked_until,
        purpose=details.purpose,
        attendees=details.attendees,
        contact_name=details.contact_name,
        contact_phone=details.contact_phone,
        offered_help=details.offered_help,
        # without approval, what was offered in return is what is agreed
        agreed_help=None if premises.requires_approval else details.offered_help,
        sequence=0,
        created_at=moment,
        updated_at=moment,
    )


async def create_booking(session: AsyncSession, viewer: Viewer, request: BookingRequest) -> Booking:
    """Book a time: REQUESTED where the owner approves requests, CONFIRMED at once otherwise."""
    viewer.require_account()
    premises = await lock_premises(session, request.premises_id, "premises_id")
    await require_association(session, request.association_id)
    user_id = await access.require_booker_for(session, viewer, request.association_id)
    problems = Problems()
    details = clean_details(
        problems,
        premises,
        request.purpose,
        request.attendees,
        request.contact_name,
        request.contact_phone,
        request.offered_help,
    )
    check_shape(problems, premises, request.starts_at, request.ends_at, request.attendees)
    problems.raise_if_any()
    refused = refusal(
        premises, await openings_of(session, premises.id), request.starts_at, request.ends_at, now()
    )
    if refused is not None:
        raise fail(ErrorCode.INVALID, refused[1], "starts_at")
    booking = new_booking(
        premises, request.association_id, user_id, request.starts_at, request.ends_at, details
    )
    taken = await insert_holding(session, premises, booking)
    if taken is not None:
        raise fail(ErrorCode.CONFLICT, taken, "starts_at")
    await record_change(session, booking)
    return booking


async def lock_booking(session: AsyncSession, booking_id: int) -> tuple[Booking, Premises]:
    """The booking and its premises, the premises row-locked first (the order every writer
    of its bookings takes)."""
    premises_id = await session.scalar(select(Booking.premises_id).where(Booking.id == booking_id))
    if premises_id is None:
        raise not_found("booking")
    premises = await lock_premises(session, premises_id)
    booking = await session.scalar(
        select(Booking).where(Booking.id == booking_id).execution_options(populate_existing=True)
    )
    if booking is None:
        raise not_found("booking")
    return booking, premises


def _require_status(booking: Booking, allowed: Sequence[BookingStatus], doing: str) -> None:
    if booking.status not in allowed:
        raise fail(
            ErrorCode.CONFLICT,
            f"A {booking.status.lower()} booking cannot be {doing}.",
            "id",
        )


def _reason(text: str | None) -> str:
    problems = Problems()
    reason = clean_text(
        problems, "reason", text, max_length=REASON_MAX, required=True, multiline=True
    )
    problems.raise_if_any()
    assert reason is not None
    return reason


def _changed(booking: Booking, status: BookingStatus, user_id: int) -> None:
    booking.status = str(status)
    booking.decided_by_id = user_id
    booking.sequence += 1
    booking.updated_at = now()


async def approve_booking(
    session: AsyncSession, viewer: Viewer, booking_id: int, agreed_help: str | None = None
) -> Booking:
    """Confirm a request; for a barter, the help agreed on (what was offered, unless told)."""
    user_id = viewer.require_account()
    booking, premises = await lock_booking(session, booking_id)
    await access.require_manager_of(session, viewer, premises)
    _require_status(booking, (BookingStatus.REQUESTED,), "approved")
    problems = Problems()
    agreed = clean_text(problems, "agreed_help", agreed_help, max_length=HELP_MAX, multiline=True)
    problems.raise_if_any()
    if agreed is not None and premises.terms != TermsKind.IN_RETURN:
        raise fail(
            ErrorCode.INVALID, "These premises are not lent in return for help.", "agreed_help"
        )
    booking.agreed_help = agreed or booking.offered_help
    _changed(booking, BookingStatus.CONFIRMED, user_id)
    await session.flush()
    await record_change(session, booking)
    return booking


async def decline_booking(
    session: AsyncSession, viewer: Viewer, booking_id: int, reason: str | None
) -> Booking:
    user_id = viewer.require_account()
    booking, premises = await lock_booking(session, booking_id)
    await access.require_manager_of(session, viewer, premises)
    _require_status(booking, (BookingStatus.REQUESTED,), "declined")
    booking.reason = _reason(reason)
    _changed(booking, BookingStatus.DECLINED, user_id)
    await session.flush()
    await record_change(session, booking)
    return booking


async def cancel_locked(session: AsyncSession, booking: Booking, reason: str, user_id: int) -> None:
    booking.reason = reason
    _changed(booking, BookingStatus.CANCELLED, user_id)
    await session.flush()
    await record_change(session, booking)


async def cancel_booking(
    session: AsyncSession, viewer: Viewer, booking_id: int, reason: str | None
) -> Booking:
    """Withdraw a request or cancel a confirmed booking; the time is free again."""
    user_id = viewer.require_account()
    booking, premises = await lock_booking(session, booking_id)
    await access.require_canceller(session, viewer, booking, premises)
    _require_status(booking, HOLDS_SLOT, "cancelled")
    await cancel_locked(session, booking, _reason(reason), user_id)
    return booking


async def move_booking(
    session: AsyncSession, booking_id: int, starts_at: datetime, ends_at: datetime
) -> Booking:
    """Move a slot-holding booking to a new time, for the event it holds (whose organisers
    decide that): the same booking, by the rules of any booking but the notice (an event moved
    shortly before keeps its room), an overlap refused by the database. Where the owner
    approves requests, a confirmed booking moved outside the time approved is asked again."""
    booking, premises = await lock_booking(session, booking_id)
    if booking.status not in HOLDS_SLOT:
        return booking
    problems = Problems()
    check_shape(problems, premises, starts_at, ends_at, booking.attendees)
    problems.raise_if_any()
    openings = await openings_of(session, premises.id)
    refused = refusal(premises, openings, starts_at, ends_at, now(), notice=False)
    if refused is not None:
        raise fail(ErrorCode.INVALID, refused[1], "starts_at")
    within = booking.starts_at <= starts_at and ends_at <= booking.ends_at
    held, moved_id = blocked(premises, starts_at, ends_at), booking.id
    try:
        # changed inside the savepoint: a refused update rolls back to it, not the whole
        async with session.begin_nested():
            booking.starts_at, booking.ends_at = starts_at, ends_at
            booking.blocked_from, booking.blocked_until = held
            if (
                premises.requires_approval
                and booking.status == BookingStatus.CONFIRMED
                and not within
            ):
                booking.status = str(BookingStatus.REQUESTED)
                booking.decided_by_id = None
            booking.sequence += 1
            booking.updated_at = now()
            await session.flush()
    except IntegrityError as error:
        if OVERLAP not in str(error.orig):
            raise
        taken = await taken_message(session, premises, held, moved_id)
        raise fail(ErrorCode.CONFLICT, taken, "starts_at") from None
    await record_change(session, booking)
    return booking
