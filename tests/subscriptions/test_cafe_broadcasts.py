"""A busy café over each way the broadcast can carry events: PostgreSQL LISTEN/NOTIFY between
two apps, and messages too large to carry their event, which readers fetch from the log.

The apps here poll the log only every ten minutes, so events reach subscribers within the
test's time only if the broadcast carried them (or said where to find them).
"""

from __future__ import annotations

import pytest

from app.runtime import Runtime
from app.services.live import feeds
from tests.conftest import POSTGRES_URL, REQUIRE_SERVICES, reachable, settings_for
from tests.support.cafe import make_cafe
from tests.support.scenario import WRITERS, assert_everyone_has_the_log, busy_cafe
from tests.support.servers import serving

NEVER = 600.0  # seconds between polls of the log: not within a test


@pytest.fixture
def postgres_broadcast_url() -> str:
    if not reachable(POSTGRES_URL):
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but PostgreSQL is not reachable at {POSTGRES_URL}")
        pytest.skip("PostgreSQL is not reachable")
    return POSTGRES_URL.replace("postgresql+asyncpg://", "postgres://")


async def test_notes_written_in_one_app_reach_another_through_postgres_notify(
    database_url: str, runtime: Runtime, postgres_broadcast_url: str
) -> None:
    settings = settings_for(
        database_url, broadcast_url=postgres_broadcast_url, live_feed_poll_seconds=NEVER
    )
    async with serving(settings) as writing, serving(settings) as reading:
        cafe = await make_cafe(writing.gql, runtime, tables=4)
        writers = [
            writing.gql.as_(await cafe.join_guest(f"Skribent {n}", table=n % 4))
            for n in range(WRITERS)
        ]
        # every subscriber is on the app that writes nothing
        outcome = await busy_cafe(cafe, runtime.db, writers, [reading.address])
        assert reading.runtime.hub.failed_publishes == 0
        assert writing.runtime.hub.failed_publishes == 0
    assert_everyone_has_the_log(outcome)


async def test_events_too_large_for_a_message_are_read_from_the_log(
    database_url: str, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every message carries only its seq, as one larger than NOTIFY's limit would
    monkeypatch.setattr(feeds, "MAX_INLINE_BYTES", 0)
    async with serving(settings_for(database_url, live_feed_poll_seconds=NEVER)) as app:
        cafe = await make_cafe(app.gql, runtime, tables=4)
        writers = [
            app.gql.as_(await cafe.join_guest(f"Skribent {n}", table=n % 4)) for n in range(WRITERS)
        ]
        outcome = await busy_cafe(cafe, runtime.db, writers, [app.address])
    assert_everyone_has_the_log(outcome)
