"""The one place that reads the clock, so tests and the demo can set the time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

CITY_ZONE = ZoneInfo("Europe/Stockholm")

# times the service accepts from outside: far from now they are mistakes, and near the ends
# of datetime's range they cannot even be shown in the city's zone
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2999, 12, 31, tzinfo=UTC)


def plausible(moment: datetime) -> bool:
    """Whether a time from outside has an offset and lies between EARLIEST and LATEST."""
    return moment.tzinfo is not None and EARLIEST <= moment <= LATEST


_pretend: ContextVar[Iterator[datetime] | None] = ContextVar("pretend_clock", default=None)


def now() -> datetime:
    clock = _pretend.get()
    return next(clock) if clock is not None else datetime.now(UTC)


@contextmanager
def pretend(start: datetime, step: timedelta) -> Iterator[None]:
    """Within this block (and this task), time starts at `start` and moves `step` per reading."""
    token = _pretend.set(start.astimezone(UTC) + step * n for n in count())
    try:
        yield
    finally:
        _pretend.reset(token)
