"""The `Premises`, `Booking` and `BookingSeries` nodes."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Self

import strawberry
from strawberry import relay

from app.services.associations import vocabulary as register
from app.services.premises import access
from app.services.premises.availability import busy, check_window, open_intervals, openings
from app.services.premises.events import BookingChanged
from app.services.premises.vocabulary import Accessibility as AccessibilityValue
from app.services.premises.vocabulary import BookingStatus as BookingStatusValue
from app.services.premises.vocabulary import SeriesStatus as SeriesStatusValue
from app.services.premises.vocabulary import Weekday as WeekdayValue
from app.services.terms import TermsKind as TermsKindValue
from db.models import Booking as BookingRow
from db.models import BookingSeries as SeriesRow
from db.models import Premises as PremisesRow
from schema.accounts.loaders import users_by_id
from schema.associations.enums import District
from schema.associations.loaders import associations_by_id
from schema.associations.types import AssociationNode
from schema.context import Info
from schema.loading import loader, nodes_by_ids
from schema.premises.enums import (
    AccessibilityFeature,
    BookingStatus,
    SeriesStatus,
    TermsKind,
    Weekday,
)
from schema.premises.loaders import (
    accessibility_by_premises_id,
    bookings_by_id,
    bookings_of_premises,
    openings_by_premises_id,
    premises_by_id,
    series_by_id,
    translations_by_premises_id,
)
from schema.relay import Connection
from schema.sharing import scope_field, viewer_field


def _clock(minute: int) -> time:
    return time(0, 0) if minute >= 1440 else time(minute // 60, minute % 60)


@strawberry.type(description="How premises are lent: free, for a fee, or in return for help.")
class Terms:
    kind: TermsKind
    text: str | None = strawberry.field(
        description="The fee, or what the owner asks for in return, in the owner's words."
    )


@strawberry.type(description="One opening interval of a weekday, in local time.")
class OpeningHoursEntry:
    weekday: Weekday
    opens: time
    closes: time = strawberry.field(description="00:00 is midnight, the end of the day.")


@strawberry.type(description="A stretch of time.")
class TimeInterval:
    starts_at: datetime
    ends_at: datetime


@strawberry.type(description="A time that a booking keeps from others.")
class BusyInterval:
    starts_at: datetime
    ends_at: datetime
    blocked_from: datetime = strawberry.field(description="With the buffer before.")
    blocked_until: datetime = strawberry.field(description="With the buffer after.")
    status: BookingStatus


@strawberry.type(description="When premises are busy and open within a window.")
class Availability:
    starts_at: datetime
    ends_at: datetime
    busy: list[BusyInterval]
    open: list[TimeInterval] = strawberry.field(
        description="The opening hours within the window (all of it, without opening hours)."
    )


@strawberry.type(description="The premises' description in another language than Swedish.")
class PremisesTranslation:
    language: str
    description: str


@strawberry.type(name="Premises", description="A room or a hall, the city's or an association's.")
class PremisesNode(relay.Node):
    id: relay.NodeID[int]
    name: str
    address: str
    district: District | None
    capacity: int
    equipment: list[str]
    house_rules: str
    photos: list[str]
    min_booking_minutes: int | None
    max_booking_minutes: int | None
    min_notice_minutes: int
    max_days_ahead: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    requires_approval: bool
    terms: Terms
    owned_by_city: bool
    created_at: datetime
    updated_at: datetime
    row: strawberry.Private[PremisesRow]

    @classmethod
    def from_row(cls, row: PremisesRow) -> Self:
        return cls(
            id=row.id,
            name=row.name,
            address=row.address,
            district=register.District(row.district) if row.district else None,
            capacity=row.capacity,
            equipment=list(row.equipment),
            house_rules=row.house_rules,
            photos=list(row.photos),
            min_booking_minutes=row.min_booking_minutes,
            max_booking_minutes=row.max_booking_minutes,
            min_notice_minutes=row.min_notice_minutes,
            max_days_ahead=row.max_days_ahead,
            buffer_before_minutes=row.buffer_before_minutes,
            buffer_after_minutes=row.buffer_after_minutes,
            requires_approval=row.requires_approval,
            terms=Terms(kind=TermsKindValue(row.terms), text=row.terms_text or None),
            owned_by_city=row.owner_association_id is None,
            created_at=row.created_at,
            updated_at=row.updated_at,
            row=row,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(info, premises_by_id, node_ids, cls.from_row)

    @scope_field(
        description="In Swedish, or in `language` (such as en or ar) where a translation exists."
    )
    async def description(self, info: Info, language: str | None = None) -> str:
        if language and language.lower() not in ("sv", "sv-se"):
            rows = await loader(info, translations_by_premises_id).load(self.id)
            wanted = language.strip().lower()
            by_language = {r.language: r.description for r in rows}
            found = by_language.get(wanted) or by_language.get(wanted.split("-")[0])
            if found:
                return str(found)
        return self.row.description

    @scope_field(description="Descriptions in other languages than Swedish.")
    async def translations(self, info: Info) -> list[PremisesTranslation]:
        rows = await loader(info, translations_by_premises_id).load(self.id)
        return [PremisesTranslation(language=r.language, description=r.description) for r in rows]

    @scope_field()
    async def accessibility(self, info: Info) -> list[AccessibilityFeature]:
        rows = await loader(info, accessibility_by_premises_id).load(self.id)
        return [AccessibilityValue(r.feature) for r in rows]

    @scope_field(description="Empty: open at all hours.")
    async def opening_hours(self, info: Info) -> list[OpeningHoursEntry]:
        rows = await loader(info, openings_by_premises_id).load(self.id)
        return [
            OpeningHoursEntry(
                weekday=WeekdayValue.of(r.weekday),
                opens=_clock(r.opens_minute),
                closes=_clock(r.closes_minute),
            )
            for r in sorted(rows, key=lambda r: (r.weekday, r.opens_minute))
        ]

    @scope_field(description="The owning association; null for the city's premises.")
    async def owner(self, info: Info) -> AssociationNode | None:
        owner_id = self.row.owner_association_id
        if owner_id is None:
            return None
        row = await loader(info, associations_by_id).load(owner_id)
        return AssociationNode.from_row(row) if row is not None else None

    @scope_field(
        description="Busy times (buffers included) and opening hours between `from` and `to`, "
        "at most 62 days apart. Anyone may see when premises are busy; who booked is not shown."
    )
    async def availability(
        self,
        info: Info,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
    ) -> Availability:
        check_window(from_, to)
        async with info.context.db.read() as session:
            found = await busy(session, [self.id], from_, to)
            rules = await openings(session, [self.id])
        return Availability(
            starts_at=from_,
            ends_at=to,
            busy=[
                BusyInterval(
                    starts_at=b.starts_at,
                    ends_at=b.ends_at,
                    blocked_from=b.blocked_from,
                    blocked_until=b.blocked_until,
                    status=BookingStatusValue(b.status),
                )
                for b in found[self.id]
            ],
            open=[
                TimeInterval(starts_at=i.starts_at, ends_at=i.ends_at)
                for i in open_intervals(rules[self.id], from_, to)
            ],
        )

    @scope_field(
        description="Bookings in time order, of every state; `from` and `to` narrow them to "
        "those meeting the window. Who booked and why is shown only to those allowed."
    )
    async def bookings(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        from_: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        to: datetime | None = None,
        status: BookingStatus | None = None,
    ) -> Connection[BookingNode]:
        relation = bookings_of_premises(from_, to, None if status is None else str(status))
        return await relation.connection(info, self.id, first, after, BookingNode.from_row)

    @viewer_field(description="Whether the viewer may book these premises (for an association).")
    def viewer_can_book(self, info: Info) -> bool:
        return access.can_book(info.context.viewer)

    @viewer_field(description="Whether the viewer manages these premises and their requests.")
    def viewer_can_manage(self, info: Info) -> bool:
        return access.can_manage(info.context.viewer, self.row.owner_association_id)


@strawberry.type(description="Who to contact about a booking. Personal data.")
class BookingContact:
    name: str | None
    email: str | None
    phone: str | None


@strawberry.type(name="Booking", description="A time booked at premises.")
class BookingNode(relay.Node):
    id: relay.NodeID[int]
    status: BookingStatus
    starts_at: datetime
    ends_at: datetime
    blocked_from: datetime = strawberry.field(description="With the buffer before.")
    blocked_until: datetime = strawberry.field(description="With the buffer after.")
    premises_id: strawberry.Private[int]
    association_id: strawberry.Private[int | None]
    series_id: strawberry.Private[int | None]
    row: strawberry.Private[BookingRow | None] = None

    @classmethod
    def from_row(cls, row: BookingRow) -> Self:
        return cls(
            id=row.id,
            status=BookingStatusValue(row.status),
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            blocked_from=row.blocked_from,
            blocked_until=row.blocked_until,
            premises_id=row.premises_id,
            association_id=row.association_id,
            series_id=row.series_id,
            row=row,
        )

    @classmethod
    def from_snapshot(cls, premises_id: int, payload: BookingChanged) -> Self:
        """The booking as the event logged it; the rest is read when asked for."""
        return cls(
            id=payload.booking_id,
            status=payload.status,
            starts_at=payload.starts_at,
            ends_at=payload.ends_at,
            blocked_from=payload.blocked_from,
            blocked_until=payload.blocked_until,
            premises_id=premises_id,
            association_id=payload.association_id,
            series_id=payload.series_id,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(info, bookings_by_id, node_ids, cls.from_row)

    async def _seen(self, info: Info) -> tuple[BookingRow, PremisesRow] | None:
        """The booking and its premises, if the viewer may see who booked and why."""
        row = self.row or await loader(info, bookings_by_id).load(self.id)
        premises = await loader(info, premises_by_id).load(self.premises_id)
        if row is None or premises is None:
            return None
        if not access.sees_details(info.context.viewer, row, premises.owner_association_id):
            return None
        return row, premises

    @scope_field()
    async def premises(self, info: Info) -> PremisesNode | None:
        row = await loader(info, premises_by_id).load(self.premises_id)
        return PremisesNode.from_row(row) if row is not None else None

    @scope_field(description="The booking's series, if it is one of its occurrences.")
    async def series(self, info: Info) -> BookingSeriesNode | None:
        if self.series_id is None:
            return None
        row = await loader(info, series_by_id).load(self.series_id)
        return BookingSeriesNode.from_row(row) if row is not None else None

    @viewer_field(
        description="The booking association (null for the city's own, and for viewers who may "
        "not see who booked)."
    )
    async def association(self, info: Info) -> AssociationNode | None:
        seen = await self._seen(info)
        if seen is None or seen[0].association_id is None:
            return None
        row = await loader(info, associations_by_id).load(seen[0].association_id)
        return AssociationNode.from_row(row) if row is not None else None

    @viewer_field(description="Whether the city booked it; null for viewers who may not see.")
    async def booked_for_city(self, info: Info) -> bool | None:
        seen = await self._seen(info)
        return None if seen is None else seen[0].association_id is None

    @viewer_field(description="Why; for those who may see who booked.")
    async def purpose(self, info: Info) -> str | None:
        seen = await self._seen(info)
        return None if seen is None else seen[0].purpose

    @viewer_field(description="How many people are expected; for those who may see who booked.")
    async def attendees(self, info: Info) -> int | None:
        seen = await self._seen(info)
        return None if seen is None else seen[0].attendees

    @viewer_field(description="The contact person; for those who may see who booked.")
    async def contact(self, info: Info) -> BookingContact | None:
        seen = await self._seen(info)
        if seen is None:
            return None
        row = seen[0]
        user = await loader(info, users_by_id).load(row.booked_by_id)
        return BookingContact(
            name=row.contact_name or (user.display_name if user else None),
            email=user.email if user else None,
            phone=row.contact_phone,
        )

    @viewer_field(description="What the booking association offers in return (barter).")
    async def offered_help(self, info: Info) -> str | None:
        seen = await self._seen(info)
        return None if seen is None else seen[0].offered_help

    @viewer_field(description="The help agreed on in return (barter), once confirmed.")
    async def agreed_help(self, info: Info) -> str | None:
        seen = await self._seen(info)
        return None if seen is None else seen[0].agreed_help

    @viewer_field(description="Why it was declined or cancelled; for those who may see.")
    async def reason(self, info: Info) -> str | None:
        seen = await self._seen(info)
        return None if seen is None else seen[0].reason

    @viewer_field(description="Whether the viewer may withdraw or cancel it.")
    async def viewer_can_cancel(self, info: Info) -> bool:
        row = self.row or await loader(info, bookings_by_id).load(self.id)
        premises = await loader(info, premises_by_id).load(self.premises_id)
        if row is None or premises is None:
            return False
        return access.can_cancel(info.context.viewer, row, premises.owner_association_id)

    @viewer_field(description="Whether the viewer may approve or decline it.")
    async def viewer_can_decide(self, info: Info) -> bool:
        row = self.row or await loader(info, bookings_by_id).load(self.id)
        premises = await loader(info, premises_by_id).load(self.premises_id)
        if row is None or premises is None:
            return False
        return access.can_decide(info.context.viewer, row, premises.owner_association_id)


@strawberry.type(name="BookingSeries", description="A weekly rule that booked its occurrences.")
class BookingSeriesNode(relay.Node):
    id: relay.NodeID[int]
    weekdays: list[Weekday]
    interval_weeks: int
    start_date: date
    start_time: time
    end_time: time
    until: date | None
    count: int | None
    skip_dates: list[date]
    status: SeriesStatus
    premises_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: SeriesRow) -> Self:
        return cls(
            id=row.id,
            weekdays=[WeekdayValue(day) for day in row.weekdays],
            interval_weeks=row.interval_weeks,
            start_date=row.start_date,
            start_time=_clock(row.start_minute),
            end_time=_clock(row.end_minute),
            until=row.until,
            count=row.count,
            skip_dates=[date.fromisoformat(day) for day in row.skip_dates],
            status=SeriesStatusValue(row.status),
            premises_id=row.premises_id,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(info, series_by_id, node_ids, cls.from_row)

    @scope_field()
    async def premises(self, info: Info) -> PremisesNode | None:
        row = await loader(info, premises_by_id).load(self.premises_id)
        return PremisesNode.from_row(row) if row is not None else None
