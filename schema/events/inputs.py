"""Inputs of calendar queries and mutations."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.types.unset import UnsetType

from app.services.events import fields as service
from app.services.events.calendar import NewEvent, Recurrence
from app.services.events.places import Placement
from app.services.events.search import EventFilter as Criteria
from app.services.events.vocabulary import TRAINING_TYPES
from app.services.keep import KEEP
from app.services.recurrence import Frequency as FrequencyValue
from app.services.translations import Translation
from schema.associations.enums import District, TargetGroup
from schema.associations.inputs import given, given_list, required_text
from schema.events.enums import EventType, Frequency
from schema.premises.enums import AccessibilityFeature, Weekday
from schema.relay import decode_id, id_or_no_row


@strawberry.input(description="Narrows the calendar; every given criterion must hold.")
class EventFilter:
    from_: datetime | None = strawberry.field(
        default=None, name="from", description="Events not over by then (default: now)."
    )
    to: datetime | None = strawberry.field(default=None, description="Events starting before.")
    search: str | None = None
    types: list[EventType] | None = None
    organiser_id: strawberry.ID | None = None
    organised_by_city: bool | None = None
    district: District | None = None
    target_group: TargetGroup | None = None
    language: str | None = None
    topic: str | None = None
    free_only: bool = False
    has_seats_left: bool = strawberry.field(
        default=False,
        description="Events that take registrations and have a seat left (or no capacity).",
    )
    enrolment_open: bool = False
    online: bool | None = None
    one_per_series: bool = strawberry.field(
        default=False, description="One row per series (its next occurrence), not every one."
    )
    modified_since: datetime | None = strawberry.field(
        default=None,
        description="Everything changed since then, deleted events as DELETED tombstones, "
        "ordered by when it changed: to mirror the calendar.",
    )

    def criteria(self, trainings_only: bool = False) -> Criteria:
        types = list(self.types or [])
        if trainings_only:
            types = [t for t in types if t in TRAINING_TYPES] or list(TRAINING_TYPES)
        return Criteria(
            starts_from=self.from_,
            starts_to=self.to,
            search=self.search,
            types=types,
            organiser_id=None
            if self.organiser_id is None
            else id_or_no_row(self.organiser_id, "Association"),
            organised_by_city=self.organised_by_city,
            district=self.district,
            target_group=self.target_group,
            language=self.language,
            topic=self.topic,
            free_only=self.free_only,
            has_seats_left=self.has_seats_left,
            enrolment_open=self.enrolment_open,
            online=self.online,
            one_per_series=self.one_per_series,
            modified_since=self.modified_since,
        )


@strawberry.input
class RegistrationSettingsInput:
    capacity: int | None = strawberry.field(default=None, description="Null: as many as come.")
    waitlist: bool | None = strawberry.field(
        default=None, description="A waitlist when full (implied by waitlistCapacity)."
    )
    waitlist_capacity: int | None = None
    max_seats_per_registration: int = 1
    opens_at: datetime | None = None
    closes_at: datetime | None = None

    def settings(self) -> service.RegistrationSettings:
        waitlist = (
            self.waitlist if self.waitlist is not None else self.waitlist_capacity is not None
        )
        return service.RegistrationSettings(
            capacity=self.capacity,
            waitlist=waitlist,
            waitlist_capacity=self.waitlist_capacity,
            max_seats_per_registration=self.max_seats_per_registration,
            opens_at=self.opens_at,
            closes_at=self.closes_at,
        )


@strawberry.input
class EventTranslationInput:
    language: str
    title: str | None = None
    description: str | None = None


@strawberry.input
class RecurrenceInput:
    frequency: Frequency = FrequencyValue.WEEKLY
    interval: int = 1
    weekdays: list[Weekday] | None = None
    month_day: int | None = None
    until: date | None = None
    count: int | None = None
    skip_dates: list[date] | None = None

    def rule(self) -> Recurrence:
        return Recurrence(
            frequency=self.frequency,
            interval=self.interval,
            weekdays=[w.number for w in self.weekdays or []],
            month_day=self.month_day,
            until=self.until,
            count=self.count,
            skip_dates=list(self.skip_dates or []),
        )


@strawberry.input(description="Fields of an event; on update, leave out what stays.")
class EventFieldsInput:
    description: str | None = strawberry.UNSET
    translations: list[EventTranslationInput] | None = strawberry.UNSET
    all_day: bool | None = strawberry.UNSET
    address: str | None = strawberry.UNSET
    district: District | None = strawberry.UNSET
    online_url: str | None = strawberry.UNSET
    price: str | None = strawberry.field(default=strawberry.UNSET, description="Null: free.")
    external_registration_url: str | None = strawberry.UNSET
    age_min: int | None = strawberry.UNSET
    age_max: int | None = strawberry.UNSET
    target_groups: list[TargetGroup] | None = strawberry.UNSET
    languages: list[str] | None = strawberry.UNSET
    accessibility: list[AccessibilityFeature] | None = strawberry.UNSET
    topics: list[str] | None = strawberry.UNSET
    registration: RegistrationSettingsInput | None = strawberry.field(
        default=strawberry.UNSET, description="Null: no registration here."
    )

    def fields(
        self,
        *,
        title: str | UnsetType | None,
        type: EventType | UnsetType | None,
        starts_at: datetime | UnsetType | None,
        ends_at: datetime | UnsetType | None,
    ) -> service.EventFields:
        all_day = self.all_day
        registration = self.registration
        return service.EventFields(
            title=required_text(title),
            description=given(self.description),
            translations=given_list(
                self.translations,
                lambda t: Translation(t.language, t.title, t.description),
            ),
            type=KEEP if isinstance(type, UnsetType) or type is None else type,
            starts_at=KEEP if isinstance(starts_at, UnsetType) or starts_at is None else starts_at,
            ends_at=KEEP if isinstance(ends_at, UnsetType) or ends_at is None else ends_at,
            all_day=KEEP if isinstance(all_day, UnsetType) or all_day is None else all_day,
            address=given(self.address),
            district=given(self.district),
            online_url=given(self.online_url),
            price=given(self.price),
            external_registration_url=given(self.external_registration_url),
            age_min=given(self.age_min),
            age_max=given(self.age_max),
            target_groups=given_list(self.target_groups, lambda g: g),
            languages=given_list(self.languages, lambda code: code),
            accessibility=given_list(self.accessibility, lambda a: a),
            topics=given_list(self.topics, lambda t: t),
            registration=KEEP
            if isinstance(registration, UnsetType)
            else (None if registration is None else registration.settings()),
        )


@strawberry.input
class EventCreateInput(EventFieldsInput):
    title: str
    type: EventType
    starts_at: datetime
    ends_at: datetime
    organiser_association_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The organisers; none: the city's (coordinator only)."
    )
    draft: bool = False
    premises_id: strawberry.ID | None = None
    book_premises: bool = strawberry.field(
        default=False,
        description="Book the premises for the event's time in the same step; a taken time "
        "refuses the whole event.",
    )
    cafe_session_id: strawberry.ID | None = None
    recurrence: RecurrenceInput | None = strawberry.field(
        default=None, description="A series: each occurrence an event of its own."
    )

    def new_event(self) -> NewEvent:
        return NewEvent(
            fields=self.fields(
                title=self.title, type=self.type, starts_at=self.starts_at, ends_at=self.ends_at
            ),
            organiser_ids=[
                decode_id(raw, "Association", "organiser_association_ids")
                for raw in self.organiser_association_ids or []
            ],
            draft=self.draft,
            placement=Placement(
                premises_id=None
                if self.premises_id is None
                else decode_id(self.premises_id, "Premises", "premises_id"),
                book_premises=self.book_premises,
                cafe_session_id=None
                if self.cafe_session_id is None
                else decode_id(self.cafe_session_id, "CafeSession", "cafe_session_id"),
            ),
            recurrence=None if self.recurrence is None else self.recurrence.rule(),
        )


@strawberry.input
class EventUpdateInput(EventFieldsInput):
    id: strawberry.ID
    title: str | None = strawberry.UNSET
    type: EventType | None = strawberry.UNSET
    starts_at: datetime | None = strawberry.UNSET
    ends_at: datetime | None = strawberry.UNSET
    draft: bool | None = strawberry.field(
        default=None, description="false publishes a draft; true takes it back."
    )


@strawberry.input
class EventSeriesUpdateInput(EventFieldsInput):
    series_id: strawberry.ID
    title: str | None = strawberry.UNSET
    type: EventType | None = strawberry.UNSET
    starts_at: datetime | None = strawberry.field(
        default=strawberry.UNSET,
        description="With endsAt: its local clock time starts every future occurrence on "
        "its own date, and the span between them is each one's length.",
    )
    ends_at: datetime | None = strawberry.UNSET


@strawberry.input
class EventReasonInput:
    id: strawberry.ID
    reason: str


@strawberry.input
class EventIdInput:
    id: strawberry.ID


@strawberry.input
class EventRegisterInput:
    event_id: strawberry.ID
    seats: int = 1
    name: str | None = strawberry.field(default=None, description="Without an account only.")
    email: str | None = strawberry.field(default=None, description="Without an account only.")


@strawberry.input
class RegistrationCancelInput:
    id: strawberry.ID
    cancellation_code: str | None = None


@strawberry.input
class RegistrationAttendanceInput:
    id: strawberry.ID
    attended: bool


@strawberry.input
class EventMessageInput:
    event_id: strawberry.ID
    text: str
