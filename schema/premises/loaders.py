"""DataLoaders of premises and bookings, one per relation and direction."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import and_
from strawberry.dataloader import DataLoader

from db.models import (
    Booking,
    BookingSeries,
    OpeningHours,
    Premises,
    PremisesAccessibility,
    PremisesTranslation,
)
from schema.context import Context
from schema.loading import Children, children, rows_by, rows_grouped_by


def premises_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, Premises.id)


def bookings_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, Booking.id)


def translations_by_premises_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, PremisesTranslation.premises_id, PremisesTranslation.language)


def accessibility_by_premises_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(
        context, PremisesAccessibility.premises_id, PremisesAccessibility.feature
    )


def openings_by_premises_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, OpeningHours.premises_id, OpeningHours.weekday)


def series_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, BookingSeries.id)


@lru_cache(maxsize=256)
def bookings_of_premises(
    starts: datetime | None, ends: datetime | None, status: str | None
) -> Children:
    """A premises' bookings in time order, meeting the window and of the status if given: one
    relation per distinct filter, so that the bookings of every premises in a list load in
    one statement."""
    conditions = []
    if starts is not None:
        conditions.append(Booking.ends_at > starts)
    if ends is not None:
        conditions.append(Booking.starts_at < ends)
    if status is not None:
        conditions.append(Booking.status == status)
    return children(
        Booking.premises_id,
        (Booking.starts_at, Booking.id),
        where=and_(*conditions) if conditions else None,
    )
