"""Premises and their people, as premises tests start from: an owning association with an
admin and a member, a booking association with an admin and a member, an admin of neither,
and the coordinator; the owner's room, lent on approval, and the city's hall, booked at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from app.runtime import Runtime
from app.services.accounts.roles import MembershipRole
from app.services.clock import CITY_ZONE, now
from app.services.premises.bookings import BookingRequest, create_booking
from app.services.premises.fields import Opening, PremisesFields, Terms
from app.services.premises.premises import create_premises
from app.services.premises.vocabulary import Accessibility, Weekday
from app.services.terms import TermsKind
from app.services.viewer import Viewer
from db.models import Booking, FeedEvent
from tests.support.people import Person, global_id, make_association, make_person

EVENINGS = [Opening(day, time(8, 0), None) for day in Weekday]  # 08:00 to midnight, every day


@dataclass
class PremisesWorld:
    runtime: Runtime
    owner: int  # the association owning `room`
    booker: int  # another association, which books
    owner_admin: Person
    owner_member: Person
    member: Person  # a member of `booker`
    admin: Person  # an admin of `booker`
    other_admin: Person  # an admin of a third association
    coordinator: Person
    stranger: Person  # logged in, in no association
    room: int  # the owner's, on approval, with 15 minutes' buffers and opening hours
    hall: int  # the city's, confirmed at once, no buffers, open at all hours

    def viewer(self, person: Person) -> Viewer:
        roles: dict[int, MembershipRole] = {}
        if person is self.owner_admin:
            roles[self.owner] = MembershipRole.ADMIN
        if person is self.owner_member:
            roles[self.owner] = MembershipRole.MEMBER
        if person is self.member:
            roles[self.booker] = MembershipRole.MEMBER
        if person is self.admin:
            roles[self.booker] = MembershipRole.ADMIN
        return Viewer(
            user_id=person.user_id,
            is_coordinator=person is self.coordinator,
            roles=roles,
        )

    @property
    def room_id(self) -> str:
        return global_id("Premises", self.room)

    @property
    def hall_id(self) -> str:
        return global_id("Premises", self.hall)

    @property
    def booker_id(self) -> str:
        return global_id("Association", self.booker)

    async def book(
        self,
        person: Person,
        premises: int,
        starts_at: datetime,
        ends_at: datetime,
        association: int | None = -1,
        **more: Any,
    ) -> Booking:
        """A booking through the service, for the booking association unless told."""
        request = BookingRequest(
            premises_id=premises,
            association_id=self.booker if association == -1 else association,
            starts_at=starts_at,
            ends_at=ends_at,
            purpose=more.pop("purpose", "Styrelsemöte"),
            attendees=more.pop("attendees", 10),
            **more,
        )
        async with self.runtime.writes.transaction() as session:
            return await create_booking(session, self.viewer(person), request)

    async def counts(self) -> tuple[int, int]:
        """(bookings, feed events): what a refused write must leave as it was."""
        async with self.runtime.db.read() as session:
            bookings = await session.scalar(select(func.count()).select_from(Booking))
            events = await session.scalar(select(func.count()).select_from(FeedEvent))
        return int(bookings or 0), int(events or 0)


def evening(days: int, hour: int = 18, minutes: int = 120) -> tuple[datetime, datetime]:
    """A local time `days` days from today, and its end."""
    day = (now().astimezone(CITY_ZONE) + timedelta(days=days)).date()
    starts = datetime.combine(day, time(hour, 0), tzinfo=CITY_ZONE)
    return starts, starts + timedelta(minutes=minutes)


async def make_world(runtime: Runtime) -> PremisesWorld:
    db = runtime.db
    owner_admin, owner_member, member, admin, other_admin, stranger = [
        await make_person(db, name)
        for name in ("Ägaradmin", "Ägarmedlem", "Medlem", "Admin", "Annan", "Främling")
    ]
    coordinator = await make_person(db, "Samordnare", coordinator=True)
    owner = await make_association(
        db, "Ägarföreningen", admins=(owner_admin,), members=(owner_member,)
    )
    booker = await make_association(db, "Bokarföreningen", admins=(admin,), members=(member,))
    await make_association(db, "Tredje föreningen", admins=(other_admin,))
    world = PremisesWorld(
        runtime,
        owner,
        booker,
        owner_admin,
        owner_member,
        member,
        admin,
        other_admin,
        coordinator,
        stranger,
        0,
        0,
    )
    async with runtime.writes.transaction() as session:
        room = await create_premises(
            session,
            world.viewer(owner_admin),
            owner,
            PremisesFields(
                name="Föreningsrummet",
                address="Storgatan 1",
                capacity=30,
                accessibility=[Accessibility.STEP_FREE_ACCESS, Accessibility.HEARING_LOOP],
                opening_hours=EVENINGS,
                buffer_before_minutes=15,
                buffer_after_minutes=15,
                requires_approval=True,
                terms=Terms(TermsKind.FREE),
            ),
        )
        hall = await create_premises(
            session,
            world.viewer(coordinator),
            None,
            PremisesFields(
                name="Idrottshallen",
                address="Hallvägen 2",
                capacity=200,
                requires_approval=False,
            ),
        )
    world.room, world.hall = room.id, hall.id
    return world
