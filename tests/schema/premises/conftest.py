"""Premises tests start from the same people and premises (tests/support/premises.py)."""

from __future__ import annotations

import pytest

from app.runtime import Runtime
from tests.support.premises import PremisesWorld, make_world


@pytest.fixture
async def world(runtime: Runtime) -> PremisesWorld:
    return await make_world(runtime)
