"""`PremisesBookingEvent`: one entry of a premises' booking log, as subscribers receive it."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry

from app.services.live.feeds import LoggedEvent
from app.services.premises.events import BookingChanged
from schema.premises.enums import BookingEventKind
from schema.premises.types import BookingNode


@strawberry.type(
    description="A change of a premises' bookings. `seq` counts the premises' events without "
    "gaps; `booking` is the booking as the change left it."
)
class PremisesBookingEvent:
    seq: int
    kind: BookingEventKind
    at: datetime
    booking: BookingNode

    @classmethod
    def of(cls, event: LoggedEvent) -> Self:
        payload = event.payload
        assert isinstance(payload, BookingChanged)
        return cls(
            seq=event.seq,
            kind=BookingEventKind(event.kind),
            at=event.at,
            booking=BookingNode.from_snapshot(event.key, payload),
        )
