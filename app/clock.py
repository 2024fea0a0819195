"""The one place that reads the clock, so tests and the demo can set the time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

CITY_ZONE = ZoneInfo("Europe/Stockholm")

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
