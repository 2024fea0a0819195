"""`DateTime`: ISO 8601 with offset, shown in the city's zone (Europe/Stockholm)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.clock import CITY_ZONE


def serialize(value: datetime) -> str:
    return value.astimezone(CITY_ZONE).isoformat()


def parse(value: object) -> datetime:
    """An ISO 8601 time; one without an offset is taken as Helsingborg local time."""
    if not isinstance(value, str):
        raise ValueError("DateTime must be an ISO 8601 string")
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=CITY_ZONE)


CITY_DATETIME = strawberry.scalar(
    name="DateTime",
    description="ISO 8601 date and time with offset, in Europe/Stockholm; input without an "
    "offset is read as Europe/Stockholm time.",
    serialize=serialize,
    parse_value=parse,
)
