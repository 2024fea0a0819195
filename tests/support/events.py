"""Events and their people, as calendar tests start from: an organising association with an
admin and a member, an admin of another association, a registered-to-be person, and the
coordinator; helpers to make events through the service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from app.runtime import Runtime
from app.services.accounts.roles import MembershipRole
from app.services.clock import CITY_ZONE, now
from app.services.events.calendar import NewEvent, create_event
from app.services.events.fields import EventFields, RegistrationSettings
from app.services.events.registrations import Registered, Signup, register
from app.services.events.vocabulary import EventType
from app.services.viewer import ANONYMOUS, Viewer
from db.models import Event, FeedEvent, Registration
from tests.support.people import Person, global_id, make_association, make_person


@dataclass
class Calendar:
    runtime: Runtime
    organiser: int  # the organising association
    other: int
    admin: Person  # of `organiser`
    member: Person  # of `organiser`
    other_admin: Person
    person: Person  # logged in, in no association
    coordinator: Person

    def viewer(self, person: Person | None) -> Viewer:
        if person is None:
            return ANONYMOUS
        roles: dict[int, MembershipRole] = {}
        if person is self.admin:
            roles[self.organiser] = MembershipRole.ADMIN
        if person is self.member:
            roles[self.organiser] = MembershipRole.MEMBER
        if person is self.other_admin:
            roles[self.other] = MembershipRole.ADMIN
        return Viewer(
            user_id=person.user_id, is_coordinator=person is self.coordinator, roles=roles
        )

    @property
    def organiser_id(self) -> str:
        return global_id("Association", self.organiser)

    async def event(
        self,
        capacity: int | None = None,
        waitlist: int | bool | None = False,
        most: int = 1,
        days: int = 7,
        draft: bool = False,
        **more: Any,
    ) -> Event:
        registration = more.pop("registration", None)
        if registration is None and (capacity is not None or waitlist is not False):
            registration = RegistrationSettings(
                capacity=capacity,
                waitlist=waitlist is not False,
                waitlist_capacity=None if isinstance(waitlist, bool) else waitlist,
                max_seats_per_registration=most,
            )
        starts = (
            (now() + timedelta(days=days))
            .astimezone(CITY_ZONE)
            .replace(hour=18, minute=0, second=0, microsecond=0)
        )
        fields = EventFields(
            title=more.pop("title", "Styrelseutbildning"),
            type=more.pop("type", EventType.TRAINING),
            starts_at=more.pop("starts_at", starts),
            ends_at=more.pop("ends_at", starts + timedelta(hours=2)),
            registration=registration,
            **more,
        )
        async with self.runtime.writes.transaction() as session:
            (made, *_) = await create_event(
                session,
                self.viewer(self.admin),
                NewEvent(fields=fields, organiser_ids=[self.organiser], draft=draft),
            )
        return made

    async def register(
        self, person: Person | None, event_id: int, seats: int = 1, **more: Any
    ) -> Registered:
        async with self.runtime.writes.transaction() as session:
            return await register(
                session, self.viewer(person), Signup(event_id=event_id, seats=seats, **more)
            )

    async def counts(self) -> tuple[int, int, int]:
        """(events, registrations, feed events): what a refused write leaves as it was."""
        async with self.runtime.db.read() as session:
            values = [
                await session.scalar(select(func.count()).select_from(model))
                for model in (Event, Registration, FeedEvent)
            ]
        return int(values[0] or 0), int(values[1] or 0), int(values[2] or 0)

    async def reload(self, event_id: int) -> Event:
        async with self.runtime.db.read() as session:
            event = await session.get(Event, event_id)
        assert event is not None
        return event


async def make_calendar(runtime: Runtime) -> Calendar:
    db = runtime.db
    admin, member, other_admin, person = [
        await make_person(db, name) for name in ("Arrangör", "Medlem", "Annan", "Deltagare")
    ]
    coordinator = await make_person(db, "Samordnare", coordinator=True)
    organiser = await make_association(db, "Studieförbundet", admins=(admin,), members=(member,))
    other = await make_association(db, "Andra föreningen", admins=(other_admin,))
    return Calendar(runtime, organiser, other, admin, member, other_admin, person, coordinator)


def local(days: int, hour: int) -> datetime:
    day = (now() + timedelta(days=days)).astimezone(CITY_ZONE)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)
