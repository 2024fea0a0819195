"""Calendar tests start from the same people (tests/support/events.py)."""

from __future__ import annotations

import pytest

from app.runtime import Runtime
from tests.support.events import Calendar, make_calendar


@pytest.fixture
async def cal(runtime: Runtime) -> Calendar:
    return await make_calendar(runtime)
