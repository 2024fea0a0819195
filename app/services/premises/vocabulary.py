"""The premises domain's words: accessibility features, booking states, weekdays, modes."""

from __future__ import annotations

from enum import StrEnum


class Accessibility(StrEnum):
    STEP_FREE_ACCESS = "STEP_FREE_ACCESS"
    ACCESSIBLE_TOILET = "ACCESSIBLE_TOILET"
    HEARING_LOOP = "HEARING_LOOP"
    LIFT = "LIFT"
    ACCESSIBLE_PARKING = "ACCESSIBLE_PARKING"
    VISUAL_GUIDANCE = "VISUAL_GUIDANCE"
    ADJUSTABLE_LIGHTING = "ADJUSTABLE_LIGHTING"


ACCESSIBILITY_NAMES: dict[Accessibility, str] = {
    Accessibility.STEP_FREE_ACCESS: "Tillgängligt utan trappsteg",
    Accessibility.ACCESSIBLE_TOILET: "Tillgänglighetsanpassad toalett",
    Accessibility.HEARING_LOOP: "Hörslinga",
    Accessibility.LIFT: "Hiss",
    Accessibility.ACCESSIBLE_PARKING: "Parkering för rörelsehindrade",
    Accessibility.VISUAL_GUIDANCE: "Ledstråk för synskadade",
    Accessibility.ADJUSTABLE_LIGHTING: "Reglerbar belysning",
}


class BookingStatus(StrEnum):
    REQUESTED = "REQUESTED"
    CONFIRMED = "CONFIRMED"
    DECLINED = "DECLINED"
    CANCELLED = "CANCELLED"


# the states that hold the slot: no two of one premises overlap (buffers included)
HOLDS_SLOT = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)


class Weekday(StrEnum):
    MONDAY = "MONDAY"
    TUESDAY = "TUESDAY"
    WEDNESDAY = "WEDNESDAY"
    THURSDAY = "THURSDAY"
    FRIDAY = "FRIDAY"
    SATURDAY = "SATURDAY"
    SUNDAY = "SUNDAY"

    @property
    def number(self) -> int:
        """Monday 0 … Sunday 6, as `date.weekday()`."""
        return list(Weekday).index(self)

    @staticmethod
    def of(number: int) -> Weekday:
        return list(Weekday)[number]


class SeriesMode(StrEnum):
    ALL_OR_NONE = "ALL_OR_NONE"  # every occurrence is booked, or none is
    FREE_ONLY = "FREE_ONLY"  # the free ones are booked; the others come back refused


class SeriesStatus(StrEnum):
    ACTIVE = "ACTIVE"
    CANCELLED = "CANCELLED"


class RefusalReason(StrEnum):
    """Why one occurrence of a series was not booked."""

    TAKEN = "TAKEN"
    CLOSED = "CLOSED"  # outside opening hours
    TOO_SOON = "TOO_SOON"
    TOO_FAR_AHEAD = "TOO_FAR_AHEAD"
    NONEXISTENT_TIME = "NONEXISTENT_TIME"  # the local time is skipped by daylight saving
    IN_THE_PAST = "IN_THE_PAST"


class BookingEventKind(StrEnum):
    BOOKING_REQUESTED = "BOOKING_REQUESTED"
    BOOKING_CONFIRMED = "BOOKING_CONFIRMED"
    BOOKING_DECLINED = "BOOKING_DECLINED"
    BOOKING_CANCELLED = "BOOKING_CANCELLED"


EVENT_OF_STATUS: dict[BookingStatus, BookingEventKind] = {
    BookingStatus.REQUESTED: BookingEventKind.BOOKING_REQUESTED,
    BookingStatus.CONFIRMED: BookingEventKind.BOOKING_CONFIRMED,
    BookingStatus.DECLINED: BookingEventKind.BOOKING_DECLINED,
    BookingStatus.CANCELLED: BookingEventKind.BOOKING_CANCELLED,
}
