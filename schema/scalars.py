"""`DateTime`: ISO 8601 with offset, shown in the city's zone (Europe/Stockholm)."""

from __future__ import annotations

from datetime import datetime

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
