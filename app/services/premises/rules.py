"""The rules a booked time must keep: order, whole minutes, length, notice, how far ahead,
opening hours and capacity. Pure functions of the premises and the time: no database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.services.clock import CITY_ZONE
from app.services.errors import ErrorCode, Problems
from app.services.premises.vocabulary import RefusalReason, Weekday
from db.models import Premises

DAY = 24 * 60


@dataclass(frozen=True)
class Opening:
    """One opening interval of a weekday, in local minutes after midnight."""

    weekday: int  # Monday 0
    opens: int
    closes: int  # at most 1440, midnight


def blocked(
    premises: Premises, starts_at: datetime, ends_at: datetime
) -> tuple[datetime, datetime]:
    """The time a booking keeps from others: its own, widened by the premises' buffers."""
    return (
        starts_at - timedelta(minutes=premises.buffer_before_minutes),
        ends_at + timedelta(minutes=premises.buffer_after_minutes),
    )


def local_minutes(moment: datetime) -> tuple[int, int]:
    """(weekday, minutes after local midnight) in Europe/Stockholm."""
    local = moment.astimezone(CITY_ZONE)
    return local.weekday(), local.hour * 60 + local.minute


def is_open(openings: Sequence[Opening], starts_at: datetime, ends_at: datetime) -> bool:
    """Open for the whole time: within one opening interval of the local day it starts on.
    Premises without opening hours are open at all hours."""
    if not openings:
        return True
    start_local = starts_at.astimezone(CITY_ZONE)
    end_local = ends_at.astimezone(CITY_ZONE)
    day, start = local_minutes(starts_at)
    if end_local.date() == start_local.date():
        end = end_local.hour * 60 + end_local.minute
    elif end_local.date() == start_local.date() + timedelta(days=1) and (
        end_local.hour,
        end_local.minute,
    ) == (0, 0):
        end = DAY
    else:
        return False
    return any(o.weekday == day and o.opens <= start and end <= o.closes for o in openings)


def _hours(openings: Sequence[Opening], day: int) -> str:
    spans = [
        f"{o.opens // 60:02d}:{o.opens % 60:02d}–{o.closes // 60:02d}:{o.closes % 60:02d}"
        for o in openings
        if o.weekday == day
    ]
    return ", ".join(spans) if spans else "closed"


def check_shape(
    problems: Problems,
    premises: Premises,
    starts_at: datetime,
    ends_at: datetime,
    attendees: int,
    *,
    start_field: str = "starts_at",
    end_field: str = "ends_at",
) -> None:
    """What holds for every occurrence alike: zones, whole minutes, order, length, capacity."""
    for field, moment in ((start_field, starts_at), (end_field, ends_at)):
        if moment.tzinfo is None or moment.utcoffset() is None:
            problems.add(
                ErrorCode.INVALID,
                "Give the time with its offset, such as 2027-03-02T18:00:00+01:00.",
                field,
            )
        elif moment.second or moment.microsecond:
            problems.add(ErrorCode.INVALID, "Bookings are in whole minutes.", field)
    if not 1 <= attendees <= premises.capacity:
        problems.add(
            ErrorCode.INVALID,
            f"Between 1 and the capacity, {premises.capacity} people.",
            "attendees",
        )
    if problems:
        return
    if ends_at <= starts_at:
        problems.add(ErrorCode.INVALID, "The end must come after the start.", end_field)
        return
    minutes = (ends_at - starts_at) / timedelta(minutes=1)
    if premises.min_booking_minutes is not None and minutes < premises.min_booking_minutes:
        problems.add(
            ErrorCode.INVALID,
            f"A booking here lasts at least {premises.min_booking_minutes} minutes.",
            end_field,
        )
    if premises.max_booking_minutes is not None and minutes > premises.max_booking_minutes:
        problems.add(
            ErrorCode.INVALID,
            f"A booking here lasts at most {premises.max_booking_minutes} minutes.",
            end_field,
        )


def refusal(
    premises: Premises,
    openings: Sequence[Opening],
    starts_at: datetime,
    ends_at: datetime,
    at: datetime,
    *,
    notice: bool = True,
) -> tuple[RefusalReason, str] | None:
    """Why this time cannot be booked now (before anyone else's bookings are looked at);
    `notice=False` leaves out the minimum notice (a booking moved with its event)."""
    if starts_at < at:
        return RefusalReason.IN_THE_PAST, "The time has already begun."
    if notice and starts_at < at + timedelta(minutes=premises.min_notice_minutes):
        return (
            RefusalReason.TOO_SOON,
            f"Book at least {premises.min_notice_minutes} minutes ahead.",
        )
    if starts_at > at + timedelta(days=premises.max_days_ahead):
        return (
            RefusalReason.TOO_FAR_AHEAD,
            f"Bookable at most {premises.max_days_ahead} days ahead.",
        )
    if not is_open(openings, starts_at, ends_at):
        day, _ = local_minutes(starts_at)
        weekday = Weekday.of(day).name.capitalize()
        return RefusalReason.CLOSED, f"Outside opening hours ({weekday}: {_hours(openings, day)})."
    return None
