"""Live availability: every change of a premises' bookings, in order.

Anyone may follow a premises (when it is busy is public); who booked and why is rendered per
viewer (`viewer_field`), so a shared rendering never carries it to another. The owner's
managers learn of new requests on the same stream: `BOOKING_REQUESTED` events.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from app.services.live.follower import AccessLost, SteadyFollower
from app.services.premises.events import PREMISES_BOOKINGS
from db.models import Premises
from schema.context import Info
from schema.live import follow, live_subscription
from schema.premises.events import PremisesBookingEvent
from schema.relay import id_or_none

NO_SUCH_PREMISES = "No premises with that id."


async def _premises_id(info: Info, raw: str) -> int:
    premises_id = id_or_none(raw, "Premises")
    if premises_id is None:
        raise AccessLost(NO_SUCH_PREMISES)
    async with info.context.db.read() as session:
        if await session.get(Premises, premises_id) is None:
            raise AccessLost(NO_SUCH_PREMISES)
    return premises_id


@strawberry.type
class PremisesSubscriptions:
    @live_subscription(
        cursor="afterSeq",
        description="Every change of the premises' bookings, in order. With afterSeq, what was "
        "missed comes first (from the log), then live events: no gap and no duplicate.",
    )
    async def premises_booking_events(
        self, info: Info, premises_id: strawberry.ID, after_seq: int | None = None
    ) -> AsyncGenerator[PremisesBookingEvent, None]:
        key = await _premises_id(info, premises_id)
        viewer = info.context.viewer

        async def follower() -> SteadyFollower:
            return SteadyFollower(viewer, (viewer.user_id,), NO_SUCH_PREMISES)

        async for event in follow(info, PREMISES_BOOKINGS, key, after_seq, follower):
            yield PremisesBookingEvent.of(event)
