"""`DateTime`: ISO 8601 with offset, shown in the city's zone (Europe/Stockholm)."""

from __future__ import annotations

from datetime import datetime
from typing import NewType

import strawberry

from app.services.clock import CITY_ZONE, plausible


def serialize(value: datetime) -> str:
    return value.astimezone(CITY_ZONE).isoformat()


def parse(value: object) -> datetime:
    """An ISO 8601 time; one without an offset is taken as Helsingborg local time."""
    if not isinstance(value, str):
        raise ValueError("DateTime must be an ISO 8601 string")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=CITY_ZONE)
    if not plausible(parsed):
        raise ValueError("DateTime must be between the years 1900 and 2999")
    return parsed


CITY_DATETIME = strawberry.scalar(
    name="DateTime",
    description="ISO 8601 date and time with offset, in Europe/Stockholm; input without an "
    "offset is read as Europe/Stockholm time.",
    serialize=serialize,
    parse_value=parse,
)


# a time that must carry its offset (bookings): parsed as given, so that a time without one
# reaches the service, which refuses it as a user error naming the field
OffsetDateTime = NewType("OffsetDateTime", datetime)


def parse_as_given(value: object) -> datetime:
    if not isinstance(value, str):
        raise ValueError("OffsetDateTime must be an ISO 8601 string")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is not None and not plausible(parsed):
        raise ValueError("OffsetDateTime must be between the years 1900 and 2999")
    return parsed


OFFSET_DATETIME = strawberry.scalar(
    name="OffsetDateTime",
    description="ISO 8601 date and time with its offset (2027-03-02T18:00:00+01:00); a time "
    "without one is refused with a user error.",
    serialize=serialize,
    parse_value=parse_as_given,
)
