"""DataLoaders of premises and bookings, one per relation and direction."""

from __future__ import annotations

from typing import Any

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
from schema.loading import rows_by, rows_grouped_by


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
