"""The `Event` and `Registration` nodes."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry
from strawberry import relay

from app.services.associations import vocabulary as register
from app.services.clock import now
from app.services.events import access
from app.services.events.events import status_of
from app.services.events.registrations import seats_left
from app.services.events.vocabulary import EventStatus as EventStatusValue
from app.services.events.vocabulary import EventType as EventTypeValue
from app.services.events.vocabulary import RegistrationStatus as RegistrationStatusValue
from app.services.premises.vocabulary import Accessibility
from app.services.translations import SWEDISH, in_language
from db.models import Event as EventRow
from db.models import EventMessage as EventMessageRow
from db.models import Registration as RegistrationRow
from schema.accounts.loaders import users_by_id
from schema.accounts.types import UserNode
from schema.associations.enums import District, TargetGroup
from schema.associations.loaders import associations_by_id
from schema.associations.types import AssociationNode
from schema.context import Info
from schema.events.enums import EventStatus, EventType, RegistrationStatus
from schema.events.loaders import (
    event_registrations,
    events_by_id,
    messages_by_event_id,
    organisers_by_event_id,
    registrations_by_id,
    translations_by_event_id,
    viewer_registrations,
)
from schema.loading import loader, nodes_by_ids, visible_each
from schema.premises.enums import AccessibilityFeature
from schema.premises.loaders import premises_by_id
from schema.premises.types import PremisesNode
from schema.relay import Connection
from schema.sharing import scope_field, viewer_field


@strawberry.type(description="Where an event is: an address, platform premises, online, or both.")
class Place:
    address: str | None
    district: District | None
    online_url: str | None
    premises_id: strawberry.Private[int | None]

    @scope_field(description="The platform's premises it is held in, if any.")
    async def premises(self, info: Info) -> PremisesNode | None:
        if self.premises_id is None:
            return None
        row = await loader(info, premises_by_id).load(self.premises_id)
        return PremisesNode.from_row(row) if row is not None else None


@strawberry.type(description="How an event takes registrations.")
class RegistrationSettings:
    capacity: int | None = strawberry.field(description="Null: as many as come.")
    waitlist: bool
    waitlist_capacity: int | None = strawberry.field(description="Null: as long as it gets.")
    max_seats_per_registration: int
    opens_at: datetime | None
    closes_at: datetime | None = strawberry.field(description="Null: when the event starts.")


@strawberry.type(description="A message from the organisers to the people registered.")
class EventMessage:
    id: int
    text: str
    sent_at: datetime

    @classmethod
    def from_row(cls, row: EventMessageRow) -> Self:
        return cls(id=row.id, text=row.text, sent_at=row.created_at)


def _global(type_name: str, row_id: int | None) -> strawberry.ID | None:
    return None if row_id is None else strawberry.ID(relay.to_base64(type_name, row_id))


async def _organiser_ids(info: Info, event_id: int) -> list[int]:
    rows = await loader(info, organisers_by_event_id).load(event_id)
    return [row.association_id for row in rows]


@strawberry.type(name="Event", description="An event in the calendar, or a training.")
class EventNode(relay.Node):
    id: relay.NodeID[int]
    type: EventType
    status: EventStatus
    status_reason: str | None = strawberry.field(description="Why it was cancelled or postponed.")
    draft: bool = strawberry.field(description="Drafts are seen by their organisers alone.")
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    organised_by_city: bool
    place: Place
    price: str | None = strawberry.field(description="Null: free.")
    free: bool
    external_registration_url: str | None
    age_min: int | None
    age_max: int | None
    target_groups: list[TargetGroup]
    languages: list[str] = strawberry.field(description="Languages spoken, such as sv or ar.")
    accessibility: list[AccessibilityFeature]
    topics: list[str] = strawberry.field(description="What it teaches (trainings).")
    registration: RegistrationSettings | None = strawberry.field(
        description="Null: no registration here."
    )
    attending_seats: int
    waitlisted_seats: int
    seats_left: int | None = strawberry.field(
        description="Null without a capacity (or without registration)."
    )
    series_id: strawberry.ID | None = strawberry.field(
        description="The series an occurrence belongs to (for eventSeriesUpdate)."
    )
    booking_id: strawberry.ID | None = strawberry.field(
        description="The premises booking that holds it (a Booking's id), if any."
    )
    cafe_session_id: strawberry.ID | None = strawberry.field(
        description="The dialogue café it is (a CafeSession's id), if any."
    )
    updated_at: datetime
    row: strawberry.Private[EventRow]

    @classmethod
    def from_row(cls, row: EventRow) -> Self:
        settings = (
            RegistrationSettings(
                capacity=row.capacity,
                waitlist=row.waitlist,
                waitlist_capacity=row.waitlist_capacity,
                max_seats_per_registration=row.max_seats_per_registration,
                opens_at=row.enrolment_opens_at,
                closes_at=row.enrolment_closes_at,
            )
            if row.registration
            else None
        )
        return cls(
            id=row.id,
            type=EventTypeValue(row.type),
            status=status_of(row),
            status_reason=row.status_reason,
            draft=not row.published,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            all_day=row.all_day,
            organised_by_city=row.organised_by_city,
            place=Place(
                address=row.address,
                district=register.District(row.district) if row.district else None,
                online_url=row.online_url,
                premises_id=row.premises_id,
            ),
            price=row.price,
            free=row.price is None,
            external_registration_url=row.external_registration_url,
            age_min=row.age_min,
            age_max=row.age_max,
            target_groups=[register.TargetGroup(g) for g in row.target_groups],
            languages=list(row.languages),
            accessibility=[Accessibility(a) for a in row.accessibility],
            topics=list(row.topics),
            registration=settings,
            attending_seats=row.attending_seats,
            waitlisted_seats=row.waitlisted_seats,
            seats_left=seats_left(row) if row.registration else None,
            series_id=_global("EventSeries", row.series_id),
            booking_id=_global("Booking", row.booking_id),
            cafe_session_id=_global("CafeSession", row.cafe_session_id),
            updated_at=row.updated_at,
            row=row,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        async def seen(info: Info, row: EventRow) -> bool:
            return access.can_see(info.context.viewer, row, await _organiser_ids(info, row.id))

        return await nodes_by_ids(info, events_by_id, node_ids, cls.from_row, visible_each(seen))

    @scope_field(description="In Swedish, or in `language` where a translation exists.")
    async def title(self, info: Info, language: str | None = None) -> str:
        translated = await self._translated(info, language, "title")
        return translated or self.row.title

    @scope_field(description="In Swedish, or in `language` where a translation exists.")
    async def description(self, info: Info, language: str | None = None) -> str:
        translated = await self._translated(info, language, "description")
        return translated or self.row.description

    async def _translated(self, info: Info, language: str | None, part: str) -> str | None:
        if not language or language.strip().lower() in SWEDISH:
            return None  # the text itself: nothing to load
        rows = await loader(info, translations_by_event_id).load(self.id)
        return in_language(rows, language, part)

    @scope_field(description="The organising associations (co-hosts), in no particular order.")
    async def organisers(self, info: Info) -> list[AssociationNode]:
        ids = await _organiser_ids(info, self.id)
        rows = await loader(info, associations_by_id).load_many(ids)
        return [AssociationNode.from_row(r) for r in rows if r is not None]

    @viewer_field(description="Registrations in the order they came; for the organisers.")
    async def registrations(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[RegistrationNode] | None:
        if not access.organises(info.context.viewer, await _organiser_ids(info, self.id)):
            return None
        return await event_registrations.connection(
            info, self.id, first, after, RegistrationNode.from_row
        )

    @viewer_field(description="The viewer's own registration, if any.")
    async def viewer_registration(self, info: Info) -> RegistrationNode | None:
        row = await loader(info, viewer_registrations).load(self.id)
        return RegistrationNode.from_row(row) if row is not None else None

    @viewer_field(description="Whether the viewer may edit, cancel or delete it.")
    async def viewer_can_edit(self, info: Info) -> bool:
        return access.organises(info.context.viewer, await _organiser_ids(info, self.id))

    @viewer_field(
        description="Whether the viewer may register now (logged in, or by name and email)."
    )
    async def viewer_can_register(self, info: Info) -> bool:
        row = self.row
        if not row.registration or not row.published or row.deleted_at is not None:
            return False
        if row.status not in (EventStatusValue.SCHEDULED, EventStatusValue.RESCHEDULED):
            return False
        moment = now()
        closes = row.enrolment_closes_at or row.starts_at
        if row.enrolment_opens_at is not None and moment < row.enrolment_opens_at:
            return False
        if moment >= closes or moment >= row.starts_at:
            return False
        if info.context.viewer.is_guest:
            return False
        mine = await loader(info, viewer_registrations).load(self.id)
        return mine is None or mine.status == RegistrationStatusValue.CANCELLED

    @viewer_field(description="Messages to the registered; for them and the organisers.")
    async def messages(self, info: Info) -> list[EventMessage] | None:
        viewer = info.context.viewer
        mine = await loader(info, viewer_registrations).load(self.id)
        registered = mine is not None and mine.status != RegistrationStatusValue.CANCELLED
        if not registered and not access.organises(viewer, await _organiser_ids(info, self.id)):
            return None
        rows = await loader(info, messages_by_event_id).load(self.id)
        return [EventMessage.from_row(r) for r in rows]


@strawberry.type(name="Registration", description="A registration for an event.")
class RegistrationNode(relay.Node):
    id: relay.NodeID[int]
    status: RegistrationStatus
    seats: int
    created_at: datetime
    cancellation_code: str | None = strawberry.field(
        default=None,
        description="For a resident without an account: shown once, when registering.",
    )
    event_id: strawberry.Private[int]
    row: strawberry.Private[RegistrationRow]

    @classmethod
    def from_row(cls, row: RegistrationRow, code: str | None = None) -> Self:
        return cls(
            id=row.id,
            status=RegistrationStatusValue(row.status),
            seats=row.seats,
            created_at=row.created_at,
            cancellation_code=code,
            event_id=row.event_id,
            row=row,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(
            info, registrations_by_id, node_ids, cls.from_row, visible_each(cls._sees)
        )

    @staticmethod
    async def _sees(info: Info, row: RegistrationRow) -> bool:
        viewer = info.context.viewer
        if viewer.user_id is not None and row.user_id == viewer.user_id:
            return True
        return access.organises(viewer, await _organiser_ids(info, row.event_id))

    @scope_field()
    async def event(self, info: Info) -> EventNode | None:
        row = await loader(info, events_by_id).load(self.event_id)
        return EventNode.from_row(row) if row is not None else None

    @viewer_field(description="Who registered: for the organisers and the person.")
    async def person(self, info: Info) -> UserNode | None:
        if self.row.user_id is None or not await self._sees(info, self.row):
            return None
        user = await loader(info, users_by_id).load(self.row.user_id)
        return UserNode.from_row(user) if user is not None else None

    @viewer_field(
        description="A resident's name, without an account: for the organisers and until it "
        "is removed after the event."
    )
    async def name(self, info: Info) -> str | None:
        return self.row.name if await self._sees(info, self.row) else None

    @viewer_field(description="A resident's email, without an account: for the organisers.")
    async def email(self, info: Info) -> str | None:
        return self.row.email if await self._sees(info, self.row) else None

    @viewer_field(description="Whether they came, as the organisers marked it.")
    async def attended(self, info: Info) -> bool | None:
        return self.row.attended if await self._sees(info, self.row) else None
