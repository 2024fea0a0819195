"""Registering for events: seats, a waitlist in order, promotion in the same transaction.

Every change of an event's registrations takes the event's row lock first and counts the
seats on the event row, where CHECK constraints refuse more than the capacity: no
check-then-insert decides how many attend.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.clock import now
from app.services.errors import ErrorCode, Problems, fail, forbidden, not_found
from app.services.events import access
from app.services.events.events import record
from app.services.events.locking import lock_event
from app.services.events.vocabulary import EventEventKind, EventStatus, RegistrationStatus
from app.services.validation import clean_email, clean_text
from app.services.viewer import Viewer
from db.models import Event, Registration

CODE_PREFIX = "reg_"


@dataclass(frozen=True)
class Signup:
    event_id: int
    seats: int = 1
    name: str | None = None  # for a resident without an account
    email: str | None = None


@dataclass(frozen=True)
class Registered:
    registration: Registration
    cancellation_code: str | None  # shown once, to a resident without an account


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode(errors="surrogatepass")).hexdigest()


def seats_left(event: Event) -> int | None:
    return None if event.capacity is None else event.capacity - event.attending_seats


def _open_for_enrolment(event: Event) -> None:
    if not event.published:
        raise not_found("event", "event_id")
    if event.status == EventStatus.CANCELLED:
        raise fail(ErrorCode.CONFLICT, "The event is cancelled.", "event_id")
    if event.status == EventStatus.POSTPONED:
        raise fail(ErrorCode.CONFLICT, "The event is postponed; it has no time yet.", "event_id")
    if not event.registration:
        hint = (
            f" Register at {event.external_registration_url}."
            if event.external_registration_url
            else ""
        )
        raise fail(ErrorCode.INVALID, "This event takes no registrations here." + hint, "event_id")
    moment = now()
    if event.enrolment_opens_at is not None and moment < event.enrolment_opens_at:
        raise fail(ErrorCode.INVALID, "Enrolment has not opened yet.", "event_id")
    closes = event.enrolment_closes_at or event.starts_at
    if moment >= closes or moment >= event.starts_at:
        raise fail(ErrorCode.INVALID, "Enrolment is closed.", "event_id")


def _place(event: Event, seats: int) -> RegistrationStatus:
    """Attending if the seats are free, else waitlisted if the waitlist takes them."""
    left = seats_left(event)
    if left is None or seats <= left:
        event.attending_seats += seats
        return RegistrationStatus.ATTENDING
    if event.waitlist and (
        event.waitlist_capacity is None or event.waitlisted_seats + seats <= event.waitlist_capacity
    ):
        event.waitlisted_seats += seats
        return RegistrationStatus.WAITLISTED
    raise fail(
        ErrorCode.FULL,
        "The event is full." + ("" if not event.waitlist else " So is its waitlist."),
        "seats",
    )


async def register(session: AsyncSession, viewer: Viewer, signup: Signup) -> Registered:
    """Register the viewer (with up to the event's most seats), or a resident without an
    account by name and email, who gets a cancellation code."""
    if viewer.is_guest:
        viewer.require_account()  # a café guest's token is for the café alone
    event = await lock_event(session, signup.event_id, "event_id")
    organisers = await access.organisers_of(session, event.id)
    if not access.can_see(viewer, event, organisers):
        raise not_found("event", "event_id")
    _open_for_enrolment(event)
    problems = Problems()
    if not 1 <= signup.seats <= event.max_seats_per_registration:
        problems.add(
            ErrorCode.INVALID,
            f"Between 1 and {event.max_seats_per_registration} seats.",
            "seats",
        )
    name = email = None
    if viewer.user_id is None:
        name = clean_text(problems, "name", signup.name, max_length=120, required=True)
        email = clean_email(problems, "email", signup.email, required=True)
    elif signup.name or signup.email:
        problems.add(ErrorCode.INVALID, "Logged in, you register as yourself.", "name")
    problems.raise_if_any()
    if viewer.user_id is not None:
        taken = await session.scalar(
            select(Registration.id).where(
                Registration.event_id == event.id,
                Registration.user_id == viewer.user_id,
                Registration.status != RegistrationStatus.CANCELLED,
            )
        )
        if taken is not None:
            raise fail(ErrorCode.DUPLICATE, "You are registered already.", "event_id")
    status = _place(event, signup.seats)
    code = None if viewer.user_id is not None else CODE_PREFIX + secrets.token_urlsafe(16)
    moment = now()
    registration = Registration(
        event_id=event.id,
        user_id=viewer.user_id,
        name=name,
        email=email,
        scrubbed=False,
        code_hash=hash_code(code) if code else None,
        seats=signup.seats,
        status=str(status),
        created_at=moment,
        updated_at=moment,
    )
    try:
        async with session.begin_nested():
            session.add(registration)
            await session.flush()
    except IntegrityError:  # the same person, at the same moment, in another request
        raise fail(ErrorCode.DUPLICATE, "You are registered already.", "event_id") from None
    await record(session, event, EventEventKind.REGISTRATION_ADDED, registration)
    return Registered(registration, code)


async def promote(session: AsyncSession, event: Event) -> list[Registration]:
    """Promote waitlisted registrations in order, each that fits the free seats, at once and
    in the caller's transaction (which holds the event's lock)."""
    promoted: list[Registration] = []
    if not event.registration:
        return promoted
    waiting = (
        await session.scalars(
            select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.status == RegistrationStatus.WAITLISTED,
            )
            .order_by(Registration.id)
        )
    ).all()
    for registration in waiting:
        left = seats_left(event)
        if left is not None and left <= 0:
            break
        if left is not None and registration.seats > left:
            continue
        registration.status = str(RegistrationStatus.ATTENDING)
        registration.updated_at = now()
        event.waitlisted_seats -= registration.seats
        event.attending_seats += registration.seats
        await session.flush()
        await record(session, event, EventEventKind.REGISTRATION_PROMOTED, registration)
        promoted.append(registration)
    return promoted


async def registration_by_code(session: AsyncSession, code: str) -> Registration | None:
    """A resident's registration, by the cancellation code they got (the code is its key:
    none other reads it); None for a code that is no one's."""
    if not code.startswith(CODE_PREFIX) or len(code) > 100:
        return None
    return await session.scalar(
        select(Registration).where(Registration.code_hash == hash_code(code))
    )


async def _lock_registration(
    session: AsyncSession, registration_id: int
) -> tuple[Registration, Event]:
    event_id = await session.scalar(
        select(Registration.event_id).where(Registration.id == registration_id)
    )
    if event_id is None:
        raise not_found("registration")
    event = await lock_event(session, event_id)
    registration = await session.get(Registration, registration_id, populate_existing=True)
    assert registration is not None
    return registration, event


async def cancel_registration(
    session: AsyncSession, viewer: Viewer, registration_id: int, code: str | None
) -> Registration:
    """Cancel a registration: the person's own, with the cancellation code, or by the
    organisers. A freed seat goes to the waitlist at once."""
    registration, event = await _lock_registration(session, registration_id)
    own = viewer.user_id is not None and registration.user_id == viewer.user_id
    by_code = code is not None and registration.code_hash == hash_code(code)
    if not (own or by_code):
        if viewer.user_id is None:
            raise forbidden("Give the cancellation code you got when you registered.")
        await access.require_organiser(session, viewer, event)
    if registration.status == RegistrationStatus.CANCELLED:
        raise fail(ErrorCode.CONFLICT, "The registration is cancelled already.", "id")
    if registration.status == RegistrationStatus.ATTENDING:
        event.attending_seats -= registration.seats
    else:
        event.waitlisted_seats -= registration.seats
    registration.status = str(RegistrationStatus.CANCELLED)
    registration.updated_at = now()
    await session.flush()
    await record(session, event, EventEventKind.REGISTRATION_CANCELLED, registration)
    await promote(session, event)
    return registration


async def mark_attendance(
    session: AsyncSession, viewer: Viewer, registration_id: int, attended: bool
) -> Registration:
    registration, event = await _lock_registration(session, registration_id)
    await access.require_organiser(session, viewer, event)
    if registration.status != RegistrationStatus.ATTENDING:
        raise fail(ErrorCode.CONFLICT, "Only an attending registration can be marked.", "id")
    registration.attended = attended
    registration.updated_at = now()
    await session.flush()
    return registration
