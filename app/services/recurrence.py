"""Recurrence rules, shared by every domain with series (booking series, event series):
dates from a rule (python-dateutil's rrule over local dates), and local times made aware in
Europe/Stockholm.

Dates are expanded as dates, never by adding hours to a time, and each gets its local time
in Europe/Stockholm, so 18:00 stays 18:00 across daylight-saving changes. A local time that
does not exist (the hour skipped in spring) is None, for the caller to refuse, not shift; one
that happens twice (the hour repeated in autumn) is taken the first time (fold 0). A count
counts the rule's dates, skipped ones included (as an iCalendar RRULE with EXDATE does).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

from app.services.clock import CITY_ZONE

# the dates a rule may name: beyond them a date is a mistake (and near the ends of what
# Python's dates hold, expanding or localising it would fail)
EARLIEST = date(2000, 1, 1)
LATEST = date(2199, 12, 31)


def out_of_range(*days: date | None) -> bool:
    return any(day is not None and not EARLIEST <= day <= LATEST for day in days)


RANGE_MESSAGE = f"A date from {EARLIEST} to {LATEST}."


class Frequency(StrEnum):
    WEEKLY = "WEEKLY"  # every N weeks on given weekdays
    MONTHLY = "MONTHLY"  # every N months on a day of the month


@dataclass(frozen=True)
class Rule:
    start_date: date
    frequency: Frequency = Frequency.WEEKLY
    interval: int = 1
    weekdays: Sequence[int] = ()  # Monday 0, for WEEKLY
    month_day: int | None = None  # for MONTHLY; a month without that day is skipped
    until: date | None = None
    count: int | None = None
    skip_dates: Sequence[date] = ()


def dates(rule: Rule, most: int) -> list[date]:
    """The rule's dates, skipped ones left out; at most `most` + 1 (more means too many)."""
    expansion = rrule(
        WEEKLY if rule.frequency is Frequency.WEEKLY else MONTHLY,
        interval=rule.interval,
        byweekday=[weekday(day) for day in rule.weekdays]
        if rule.frequency is Frequency.WEEKLY
        else None,
        bymonthday=rule.month_day if rule.frequency is Frequency.MONTHLY else None,
        dtstart=datetime.combine(rule.start_date, time()),
        until=datetime.combine(rule.until, time()) if rule.until else None,
        count=rule.count if rule.until is None else None,
        cache=False,
    )
    skipped = set(rule.skip_dates)
    found: list[date] = []
    for moment in expansion:
        if len(found) > most:
            break
        if moment.date() not in skipped:
            found.append(moment.date())
    return found


def local_moment(day: date, minute: int) -> datetime | None:
    """`minute` minutes after local midnight of `day`, aware; None if that local time does
    not exist (skipped by the change to summer time)."""
    naive = datetime.combine(day, time()) + timedelta(minutes=minute)
    aware = naive.replace(tzinfo=CITY_ZONE)
    if aware.astimezone(UTC).astimezone(CITY_ZONE).replace(tzinfo=None) != naive:
        return None
    return aware


def minute_of(moment: time) -> int:
    return moment.hour * 60 + moment.minute
