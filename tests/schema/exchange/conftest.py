"""Exchange tests start from the same people (tests/support/exchange.py)."""

from __future__ import annotations

import pytest

from app.runtime import Runtime
from tests.support.exchange import Market, make_market


@pytest.fixture
async def market(runtime: Runtime) -> Market:
    return await make_market(runtime)
