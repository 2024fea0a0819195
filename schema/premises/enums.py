"""The premises domain's vocabularies as GraphQL enums."""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from app.services.premises import vocabulary
from app.services.terms import TermsKind as TermsKindValue

strawberry.enum(
    vocabulary.Accessibility,
    name="AccessibilityFeature",
    description="What makes a place accessible.",
)
AccessibilityFeature: TypeAlias = vocabulary.Accessibility
strawberry.enum(vocabulary.BookingStatus, name="BookingStatus")
BookingStatus: TypeAlias = vocabulary.BookingStatus
strawberry.enum(vocabulary.Weekday, name="Weekday")
Weekday: TypeAlias = vocabulary.Weekday
strawberry.enum(
    vocabulary.SeriesMode,
    name="SeriesMode",
    description="ALL_OR_NONE books every occurrence or none; FREE_ONLY books the free ones and "
    "answers the others.",
)
SeriesMode: TypeAlias = vocabulary.SeriesMode
strawberry.enum(vocabulary.SeriesStatus, name="BookingSeriesStatus")
SeriesStatus: TypeAlias = vocabulary.SeriesStatus
strawberry.enum(
    vocabulary.RefusalReason, name="RefusalReason", description="Why a date was not booked."
)
RefusalReason: TypeAlias = vocabulary.RefusalReason
strawberry.enum(vocabulary.BookingEventKind, name="BookingEventKind")
BookingEventKind: TypeAlias = vocabulary.BookingEventKind
strawberry.enum(
    TermsKindValue,
    name="TermsKind",
    description="Free, for a fee, or in return for help (barter, in the lender's words).",
)
TermsKind: TypeAlias = TermsKindValue


@strawberry.type(description="An accessibility feature with its Swedish name.")
class AccessibilityLabel:
    code: AccessibilityFeature
    name: str


def accessibility_labels() -> list[AccessibilityLabel]:
    return [
        AccessibilityLabel(code=code, name=name)
        for code, name in vocabulary.ACCESSIBILITY_NAMES.items()
    ]
