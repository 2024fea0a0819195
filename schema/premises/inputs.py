"""Inputs of premises queries and mutations."""

from __future__ import annotations

from datetime import date, datetime, time

import strawberry
from strawberry.types.unset import UnsetType

from app.services.keep import KEEP
from app.services.premises import fields as service
from app.services.premises.bookings import BookingRequest
from app.services.premises.series import SeriesRequest
from schema.associations.enums import District
from schema.associations.inputs import TranslationInput, given, given_list, required_text
from schema.premises.enums import AccessibilityFeature, SeriesMode, TermsKind, Weekday
from schema.relay import decode_id, id_or_no_row
from schema.scalars import OffsetDateTime


@strawberry.input(description="Narrows the premises; every given criterion must hold.")
class PremisesFilter:
    search: str | None = strawberry.field(
        default=None,
        description="Words or word beginnings in name, description, address or equipment; "
        "Swedish folding as in the register.",
    )
    district: District | None = None
    min_capacity: int | None = None
    accessibility: list[AccessibilityFeature] | None = strawberry.field(
        default=None, description="Every one of these features."
    )
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="Premises of this association."
    )
    owned_by_city: bool | None = None
    free_from: datetime | None = strawberry.field(
        default=None,
        description="With freeTo: only premises open then and with no booking holding any of "
        "the time, buffers included.",
    )
    free_to: datetime | None = None


@strawberry.input
class OpeningHoursInput:
    weekday: Weekday
    opens: time
    closes: time = strawberry.field(description="00:00 is midnight, the end of the day.")


@strawberry.input
class TermsInput:
    kind: TermsKind
    text: str | None = strawberry.field(
        default=None, description="The fee, or what is asked for in return (barter)."
    )


@strawberry.input(description="Fields of premises; on update, leave out what stays.")
class PremisesFieldsInput:
    description: str | None = strawberry.UNSET
    translations: list[TranslationInput] | None = strawberry.UNSET
    district: District | None = strawberry.UNSET
    accessibility: list[AccessibilityFeature] | None = strawberry.UNSET
    equipment: list[str] | None = strawberry.UNSET
    house_rules: str | None = strawberry.UNSET
    photos: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="Web addresses of photos."
    )
    opening_hours: list[OpeningHoursInput] | None = strawberry.field(
        default=strawberry.UNSET, description="Empty: open at all hours (the default)."
    )
    min_booking_minutes: int | None = strawberry.UNSET
    max_booking_minutes: int | None = strawberry.UNSET
    min_notice_minutes: int | None = strawberry.field(
        default=strawberry.UNSET, description="How long ahead a booking must be made (0)."
    )
    max_days_ahead: int | None = strawberry.field(
        default=strawberry.UNSET, description="How far ahead it can be booked (365 days)."
    )
    buffer_before_minutes: int | None = strawberry.UNSET
    buffer_after_minutes: int | None = strawberry.UNSET
    requires_approval: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Requests wait for the owner's approval (true)."
    )
    terms: TermsInput | None = strawberry.UNSET

    def fields(
        self,
        *,
        name: str | UnsetType | None,
        address: str | UnsetType | None,
        capacity: int | UnsetType | None,
    ) -> service.PremisesFields:
        terms = self.terms
        approval = self.requires_approval
        return service.PremisesFields(
            name=required_text(name),
            description=given(self.description),
            translations=given_list(
                self.translations, lambda t: service.Translation(t.language, t.description)
            ),
            address=required_text(address),
            district=given(self.district),
            capacity=KEEP if isinstance(capacity, UnsetType) else (capacity or 0),
            accessibility=given_list(self.accessibility, lambda a: a),
            equipment=given_list(self.equipment, lambda e: e),
            house_rules=given(self.house_rules),
            photos=given_list(self.photos, lambda p: p),
            opening_hours=given_list(
                self.opening_hours,
                lambda o: service.Opening(o.weekday, o.opens, o.closes),
            ),
            min_booking_minutes=given(self.min_booking_minutes),
            max_booking_minutes=given(self.max_booking_minutes),
            min_notice_minutes=given(self.min_notice_minutes),
            max_days_ahead=given(self.max_days_ahead),
            buffer_before_minutes=given(self.buffer_before_minutes),
            buffer_after_minutes=given(self.buffer_after_minutes),
            requires_approval=KEEP
            if isinstance(approval, UnsetType) or approval is None
            else approval,
            terms=KEEP
            if isinstance(terms, UnsetType) or terms is None
            else service.Terms(terms.kind, terms.text),
        )


@strawberry.input
class PremisesCreateInput(PremisesFieldsInput):
    name: str
    address: str
    capacity: int
    owner_association_id: strawberry.ID | None = strawberry.field(
        default=None, description="The owning association; left out, the city's (coordinator)."
    )


@strawberry.input
class PremisesUpdateInput(PremisesFieldsInput):
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    address: str | None = strawberry.UNSET
    capacity: int | None = strawberry.UNSET


def _association(raw: strawberry.ID | None) -> int | None:
    return None if raw is None else decode_id(raw, "Association", "association_id")


@strawberry.input
class BookingCreateInput:
    premises_id: strawberry.ID
    association_id: strawberry.ID | None = strawberry.field(
        default=None, description="For whom; left out, for the city (coordinator only)."
    )
    starts_at: OffsetDateTime
    ends_at: OffsetDateTime
    purpose: str
    attendees: int
    contact_name: str | None = None
    contact_phone: str | None = None
    offered_help: str | None = strawberry.field(
        default=None,
        description="For premises lent in return for help: what the association offers.",
    )

    def request(self) -> BookingRequest:
        return BookingRequest(
            premises_id=decode_id(self.premises_id, "Premises", "premises_id"),
            association_id=_association(self.association_id),
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            purpose=self.purpose,
            attendees=self.attendees,
            contact_name=self.contact_name,
            contact_phone=self.contact_phone,
            offered_help=self.offered_help,
        )


@strawberry.input
class BookingApproveInput:
    id: strawberry.ID
    agreed_help: str | None = strawberry.field(
        default=None, description="For a barter: the help agreed on (what was offered, unless)."
    )


@strawberry.input
class BookingReasonInput:
    id: strawberry.ID
    reason: str


@strawberry.input
class BookingSeriesCreateInput:
    premises_id: strawberry.ID
    association_id: strawberry.ID | None = None
    start_date: date
    start_time: time = strawberry.field(description="Local time, Europe/Stockholm.")
    end_time: time = strawberry.field(description="Local time; 00:00 is midnight.")
    weekdays: list[Weekday]
    interval_weeks: int = 1
    until: date | None = None
    count: int | None = None
    skip_dates: list[date] | None = None
    mode: SeriesMode = SeriesMode.ALL_OR_NONE
    purpose: str
    attendees: int
    contact_name: str | None = None
    contact_phone: str | None = None
    offered_help: str | None = None

    def request(self) -> SeriesRequest:
        return SeriesRequest(
            premises_id=decode_id(self.premises_id, "Premises", "premises_id"),
            association_id=_association(self.association_id),
            start_date=self.start_date,
            start_time=self.start_time,
            end_time=self.end_time,
            weekdays=list(dict.fromkeys(self.weekdays)),
            purpose=self.purpose,
            attendees=self.attendees,
            interval_weeks=self.interval_weeks,
            until=self.until,
            count=self.count,
            skip_dates=list(self.skip_dates or []),
            mode=self.mode,
            contact_name=self.contact_name,
            contact_phone=self.contact_phone,
            offered_help=self.offered_help,
        )


@strawberry.input
class BookingSeriesCancelInput:
    id: strawberry.ID
    from_date: date | None = strawberry.field(
        default=None, description="Cancel the occurrences from this local date on (all, unset)."
    )
    reason: str


def owner_id(raw: strawberry.ID | None) -> int | None:
    return None if raw is None else id_or_no_row(raw, "Association")
