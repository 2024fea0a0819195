"""Payloads of premises mutations."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from app.services.premises.series import Refused, SeriesOutcome
from db.models import Booking, Premises
from schema.errors import UserError
from schema.mutation import Outcome
from schema.premises.enums import RefusalReason
from schema.premises.types import BookingNode, BookingSeriesNode, PremisesNode


@strawberry.type
class PremisesPayload:
    premises: PremisesNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[Premises]) -> PremisesPayload:
        row = outcome.value
        return cls(premises=PremisesNode.from_row(row) if row else None, errors=outcome.errors)


@strawberry.type
class BookingPayload:
    booking: BookingNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[Booking]) -> BookingPayload:
        row = outcome.value
        return cls(booking=BookingNode.from_row(row) if row else None, errors=outcome.errors)


@strawberry.type(description="A date of a series that was not booked, and why.")
class RefusedDate:
    date: date
    reason: RefusalReason
    message: str


def _refused(items: Any) -> list[RefusedDate]:
    if not isinstance(items, list):
        return []
    return [
        RefusedDate(date=r.date, reason=r.reason, message=r.message)
        for r in items
        if isinstance(r, Refused)
    ]


@strawberry.type
class BookingSeriesPayload:
    series: BookingSeriesNode | None
    bookings: list[BookingNode]
    refused: list[RefusedDate] = strawberry.field(
        description="The dates not booked and why (also when ALL_OR_NONE booked nothing)."
    )
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[SeriesOutcome]) -> BookingSeriesPayload:
        done = outcome.value
        if done is None:
            return cls(
                series=None, bookings=[], refused=_refused(outcome.current), errors=outcome.errors
            )
        return cls(
            series=BookingSeriesNode.from_row(done.series),
            bookings=[BookingNode.from_row(b) for b in done.bookings],
            refused=_refused(done.refused),
            errors=outcome.errors,
        )
