"""Booking series: a weekly rule (every N weeks, on given weekdays, at a local start and end
time) whose occurrences are bookings of their own, expanded by app/services/recurrence.py
(local times in Europe/Stockholm; a local time the clocks skip is refused, not shifted)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.clock import now
from app.services.errors import Conflict, ErrorCode, Problems, fail, not_found
from app.services.premises import access
from app.services.premises.bookings import (
    cancel_locked,
    clean_details,
    insert_holding,
    new_booking,
    openings_of,
    require_association,
)
from app.services.premises.events import record_change
from app.services.premises.premises import lock_premises
from app.services.premises.rules import check_shape, refusal
from app.services.premises.vocabulary import (
    HOLDS_SLOT,
    RefusalReason,
    SeriesMode,
    SeriesStatus,
    Weekday,
)
from app.services.recurrence import (
    RANGE_MESSAGE,
    Rule,
    dates,
    local_moment,
    minute_of,
    out_of_range,
)
from app.services.validation import clean_text
from app.services.viewer import Viewer
from db.models import Booking, BookingSeries, Premises

MAX_OCCURRENCES = 200
MAX_INTERVAL_WEEKS = 52
MAX_SKIP_DATES = 200


@dataclass(frozen=True)
class SeriesRequest:
    premises_id: int
    association_id: int | None
    start_date: date
    start_time: time
    end_time: time  # 00:00 is midnight, the end of the day
    weekdays: Sequence[Weekday]
    purpose: str
    attendees: int
    interval_weeks: int = 1
    until: date | None = None
    count: int | None = None
    skip_dates: Sequence[date] = ()
    mode: SeriesMode = SeriesMode.ALL_OR_NONE
    contact_name: str | None = None
    contact_phone: str | None = None
    offered_help: str | None = None


@dataclass(frozen=True)
class Refused:
    date: date
    reason: RefusalReason
    message: str


@dataclass
class SeriesOutcome:
    series: BookingSeries
    bookings: list[Booking] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


def series_dates(request: SeriesRequest) -> list[date]:
    """The rule's dates, skipped ones left out (a count counts them all)."""
    rule = Rule(
        start_date=request.start_date,
        interval=request.interval_weeks,
        weekdays=[day.number for day in request.weekdays],
        until=request.until,
        count=request.count,
        skip_dates=request.skip_dates,
    )
    return dates(rule, MAX_OCCURRENCES)


def _check_rule(problems: Problems, request: SeriesRequest) -> tuple[int, int]:
    start, end = minute_of(request.start_time), minute_of(request.end_time) or 1440
    for name, moment in (("start_time", request.start_time), ("end_time", request.end_time)):
        if moment.second or moment.microsecond:
            problems.add(ErrorCode.INVALID, "Bookings are in whole minutes.", name)
    if end <= start:
        problems.add(ErrorCode.INVALID, "The end must come after the start.", "end_time")
    if not request.weekdays:
        problems.add(ErrorCode.REQUIRED, "Name at least one weekday.", "weekdays")
    if not 1 <= request.interval_weeks <= MAX_INTERVAL_WEEKS:
        problems.add(
            ErrorCode.INVALID, f"Between 1 and {MAX_INTERVAL_WEEKS} weeks.", "interval_weeks"
        )
    if (request.until is None) == (request.count is None):
        problems.add(ErrorCode.INVALID, "Give either an end date (until) or a count.", "until")
    if request.count is not None and not 1 <= request.count <= MAX_OCCURRENCES:
        problems.add(ErrorCode.INVALID, f"Between 1 and {MAX_OCCURRENCES}.", "count")
    if request.until is not None and request.until < request.start_date:
        problems.add(ErrorCode.INVALID, "The series must end after it starts.", "until")
    if len(request.skip_dates) > MAX_SKIP_DATES:
        problems.add(ErrorCode.INVALID, f"At most {MAX_SKIP_DATES} dates.", "skip_dates")
    for name, days in (
        ("start_date", [request.start_date]),
        ("until", [request.until]),
        ("skip_dates", list(request.skip_dates)),
    ):
        if out_of_range(*days):
            problems.add(ErrorCode.INVALID, RANGE_MESSAGE, name)
    return start, end


def _shape_problems(
    problems: Problems, premises: Premises, start: int, end: int, attendees: int
) -> None:
    """Length and capacity, checked once for the series on a day with no clock change."""
    reference = date(2000, 1, 3)
    starts, ends = local_moment(reference, start), local_moment(reference, end)
    assert starts is not None
    assert ends is not None
    check_shape(
        problems, premises, starts, ends, attendees, start_field="start_time", end_field="end_time"
    )


async def create_series(
    session: AsyncSession, viewer: Viewer, request: SeriesRequest
) -> SeriesOutcome:
    """Book every occurrence (ALL_OR_NONE: or none, with the refused dates and why), or the
    free ones (FREE_ONLY), answering the refused dates and why."""
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
    start, end = _check_rule(problems, request)
    if not problems:
        _shape_problems(problems, premises, start, end, request.attendees)
    problems.raise_if_any()
    dates = series_dates(request)
    if len(dates) > MAX_OCCURRENCES:
        raise fail(ErrorCode.INVALID, f"At most {MAX_OCCURRENCES} occurrences.", "until")
    if not dates:
        raise fail(ErrorCode.INVALID, "The rule gives no dates.", "weekdays")
    series = BookingSeries(
        premises_id=premises.id,
        association_id=request.association_id,
        booked_by_id=user_id,
        weekdays=[str(day) for day in request.weekdays],
        interval_weeks=request.interval_weeks,
        start_date=request.start_date,
        start_minute=start,
        end_minute=end,
        until=request.until,
        count=request.count,
        skip_dates=[day.isoformat() for day in sorted(set(request.skip_dates))],
        purpose=details.purpose,
        attendees=details.attendees,
        status=str(SeriesStatus.ACTIVE),
        created_at=now(),
    )
    session.add(series)
    await session.flush()
    outcome = SeriesOutcome(series)
    openings = await openings_of(session, premises.id)
    at = now()
    for day in dates:
        starts, ends = local_moment(day, start), local_moment(day, end)
        if starts is None or ends is None:
            outcome.refused.append(
                Refused(
                    day,
                    RefusalReason.NONEXISTENT_TIME,
                    "That local time does not exist on this day (the clocks go forward).",
                )
            )
            continue
        refused = refusal(premises, openings, starts, ends, at)
        if refused is not None:
            outcome.refused.append(Refused(day, *refused))
            continue
        booking = new_booking(
            premises, request.association_id, user_id, starts, ends, details, series.id
        )
        taken = await insert_holding(session, premises, booking)
        if taken is not None:
            outcome.refused.append(Refused(day, RefusalReason.TAKEN, taken))
            continue
        outcome.bookings.append(booking)
    if outcome.refused and request.mode is SeriesMode.ALL_OR_NONE:
        raise Conflict(
            outcome.refused,
            f"{len(outcome.refused)} of {len(dates)} dates cannot be booked; nothing was booked.",
            "start_date",
        )
    if not outcome.bookings:
        raise Conflict(outcome.refused, "None of the dates can be booked.", "start_date")
    for booking in outcome.bookings:
        await record_change(session, booking)
    return outcome


async def cancel_series(
    session: AsyncSession,
    viewer: Viewer,
    series_id: int,
    from_date: date | None,
    reason: str | None,
) -> SeriesOutcome:
    """Cancel the series' slot-holding occurrences from a local date on (all, without one);
    from its first date on, the series itself is cancelled."""
    user_id = viewer.require_account()
    premises_id = await session.scalar(
        select(BookingSeries.premises_id).where(BookingSeries.id == series_id)
    )
    if premises_id is None:
        raise not_found("booking series")
    premises = await lock_premises(session, premises_id)
    series = await session.get(BookingSeries, series_id, populate_existing=True)
    assert series is not None
    standing = Booking(
        premises_id=premises.id,
        association_id=series.association_id,
        booked_by_id=series.booked_by_id,
        status="CONFIRMED",
    )
    await access.require_canceller(session, viewer, standing, premises)
    problems = Problems()
    text = clean_text(problems, "reason", reason, max_length=1000, required=True, multiline=True)
    problems.raise_if_any()
    assert text is not None
    if out_of_range(from_date):
        raise fail(ErrorCode.INVALID, RANGE_MESSAGE, "from_date")
    first = local_moment(from_date, 0) if from_date is not None else None
    stmt = select(Booking).where(
        Booking.series_id == series.id, Booking.status.in_(list(HOLDS_SLOT))
    )
    if first is not None:
        stmt = stmt.where(Booking.starts_at >= first)
    outcome = SeriesOutcome(series)
    for booking in (await session.scalars(stmt.order_by(Booking.starts_at))).all():
        await cancel_locked(session, booking, text, user_id)
        outcome.bookings.append(booking)
    if from_date is None or from_date <= series.start_date:
        series.status = str(SeriesStatus.CANCELLED)
    await session.flush()
    return outcome
