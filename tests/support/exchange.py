"""The exchange's people and listings, as exchange tests start from: a posting association
(an admin and a member), another association (an admin and a member), a private person and
the coordinator; helpers for listings, loans and conversations through the services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from app.runtime import Runtime
from app.services.accounts.roles import MembershipRole
from app.services.exchange.conversations import Opening, start_conversation
from app.services.exchange.fields import ListingFields
from app.services.exchange.listings import create_listing
from app.services.exchange.loans import LoanRequest, reserve_loan
from app.services.exchange.vocabulary import Direction, ListingKind
from app.services.viewer import ANONYMOUS, Viewer
from db.models import Conversation, Exchange, FeedEvent, Listing, Loan, Message, VolunteerSignup
from tests.support.people import Person, global_id, make_association, make_person


@dataclass
class Market:
    runtime: Runtime
    poster: int  # an association that posts
    other: int  # another, which answers and borrows
    admin: Person  # of `poster`
    member: Person  # of `poster`
    other_admin: Person
    other_member: Person
    person: Person  # logged in, in no association
    coordinator: Person

    def viewer(self, person: Person | None) -> Viewer:
        if person is None:
            return ANONYMOUS
        roles: dict[int, MembershipRole] = {}
        for who, association, role in (
            (self.admin, self.poster, MembershipRole.ADMIN),
            (self.member, self.poster, MembershipRole.MEMBER),
            (self.other_admin, self.other, MembershipRole.ADMIN),
            (self.other_member, self.other, MembershipRole.MEMBER),
        ):
            if person is who:
                roles[association] = role
        return Viewer(
            user_id=person.user_id, is_coordinator=person is self.coordinator, roles=roles
        )

    def gid(self, type_name: str, value: int) -> str:
        return global_id(type_name, value)

    async def listing(
        self,
        direction: Direction = Direction.OFFER,
        kind: ListingKind = ListingKind.SKILL,
        association: int | None = None,
        person: Person | None = None,
        **more: Any,
    ) -> Listing:
        fields = ListingFields(title=more.pop("title", "Hjälp med bokföringen"), **more)
        async with self.runtime.writes.transaction() as session:
            return await create_listing(
                session,
                self.viewer(person or self.member),
                association or self.poster,
                direction,
                kind,
                fields,
            )

    async def tents(self, quantity: int = 3) -> Listing:
        return await self.listing(
            kind=ListingKind.EQUIPMENT, title="Tält", quantity=quantity, lending_days=7
        )

    async def reserve(self, listing: Listing, quantity: int, wait: bool = False) -> Loan:
        async with self.runtime.writes.transaction() as session:
            return await reserve_loan(
                session,
                self.viewer(self.other_member),
                LoanRequest(listing.id, self.other, quantity, wait),
            )

    async def conversation(self, listing: Listing, person: Person | None = None) -> Conversation:
        async with self.runtime.writes.transaction() as session:
            return await start_conversation(
                session,
                self.viewer(person or self.other_member),
                Opening(
                    listing.id, "Hej! Vi kan hjälpa till.", self.other if person is None else None
                ),
            )

    async def counts(self) -> tuple[int, ...]:
        async with self.runtime.db.read() as session:
            values = [
                await session.scalar(select(func.count()).select_from(model))
                for model in (
                    Listing,
                    Conversation,
                    Message,
                    Exchange,
                    Loan,
                    VolunteerSignup,
                    FeedEvent,
                )
            ]
        return tuple(int(v or 0) for v in values)


async def make_market(runtime: Runtime) -> Market:
    db = runtime.db
    admin, member, other_admin, other_member, person = [
        await make_person(db, name)
        for name in ("Styrelseledamot", "Medlem", "Annan admin", "Annan medlem", "Privatperson")
    ]
    coordinator = await make_person(db, "Samordnare", coordinator=True)
    poster = await make_association(db, "Studieförbundet", admins=(admin,), members=(member,))
    other = await make_association(
        db, "Idrottsklubben", admins=(other_admin,), members=(other_member,)
    )
    return Market(
        runtime, poster, other, admin, member, other_admin, other_member, person, coordinator
    )
