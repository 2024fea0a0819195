"""Loading the demo into an empty database."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.demo.accounts import COORDINATOR_EMAIL, DEMO_PASSWORD, DEMO_USERS, FACILITATOR_EMAIL
from app.demo.associations import DEMO_ASSOCIATIONS, DemoAssociation
from app.demo.cafe_load import load_cafe
from app.demo.cafes import DEMO_CAFES
from app.demo.events import load_events
from app.demo.exchange import load_exchange
from app.demo.plans import (
    load_past_election,
    load_plans,
    load_steering_group,
    next_conference,
)
from app.demo.premises import admin_viewer, load_premises
from app.services.accounts.passwords import Passwords
from app.services.accounts.roles import JoinRequestStatus, MembershipRole
from app.services.associations.fields import AssociationFields, ContactPerson, Translation
from app.services.associations.organisation_number import with_check_digit
from app.services.associations.register import register_association
from app.services.associations.umbrellas import replace_umbrellas
from app.services.clock import CITY_ZONE, now
from app.services.swedish import slugify
from app.services.unit_of_work import UnitOfWork
from app.services.viewer import Viewer
from db.models import AgreementMembership, Association, JoinRequest, Membership, User


def demo_organisation_number(name: str, taken: set[str]) -> str:
    """A made-up but valid number (group 8: non-profit associations), stable per name."""
    seed = int(hashlib.sha256(name.encode()).hexdigest(), 16)
    while True:
        number = with_check_digit(f"802{seed % 1_000_000:06d}")
        if number not in taken:
            taken.add(number)
            return number
        seed += 1


def _fictional_phone(index: int) -> str:
    # 070-174 06 05 … 99 are reserved by PTS for use in fiction
    return f"070-174 06 {5 + index % 95:02d}"


def _fields(item: DemoAssociation, number: str, index: int) -> AssociationFields:
    contact = None
    if item.contact is not None:
        person, mailbox = item.contact
        contact = ContactPerson(
            name=person,
            email=f"{mailbox}@{slugify(item.name)}.example",
            phone=_fictional_phone(index),
        )
    return AssociationFields(
        name=item.name,
        organisation_number=number,
        description=item.description,
        translations=[Translation(lang, text) for lang, text in item.translations.items()],
        categories=list(item.categories),
        target_groups=list(item.target_groups),
        district=item.district,
        website=item.website,
        founded_year=item.founded_year,
        contact_person=contact,
        contact_public=item.contact_public,
    )


def _city_date(day: tuple[int, int, int]) -> datetime:
    return datetime(*day, 10, 0, tzinfo=CITY_ZONE)


async def _load_register(session: AsyncSession) -> dict[str, int]:
    taken: set[str] = set()
    ids: dict[str, int] = {}
    for index, item in enumerate(DEMO_ASSOCIATIONS):
        number = demo_organisation_number(item.name, taken)
        association = await register_association(session, _fields(item, number, index))
        ids[item.name] = association.id
        if item.joined is not None:
            session.add(
                AgreementMembership(
                    association_id=association.id,
                    joined_at=_city_date(item.joined),
                    left_at=_city_date(item.left) if item.left else None,
                )
            )
    for item in DEMO_ASSOCIATIONS:
        if item.umbrellas:
            await replace_umbrellas(session, ids[item.name], [ids[u] for u in item.umbrellas])
    return ids


async def _load_accounts(
    session: AsyncSession, password_hash: str, ids: dict[str, int]
) -> dict[str, User]:
    users: dict[str, User] = {}
    for person in DEMO_USERS:
        user = User(
            email=person.email,
            display_name=person.display_name,
            password_hash=password_hash,
            is_coordinator=person.coordinator,
            created_at=now(),
        )
        session.add(user)
        await session.flush()
        users[person.email] = user
        for name, role in [(n, MembershipRole.ADMIN) for n in person.admin_of] + [
            (n, MembershipRole.MEMBER) for n in person.member_of
        ]:
            session.add(
                Membership(user_id=user.id, association_id=ids[name], role=role, created_at=now())
            )
        for name in person.asks_to_join:
            session.add(
                JoinRequest(
                    user_id=user.id,
                    association_id=ids[name],
                    message="Jag vill gärna hjälpa till som ledare.",
                    status=JoinRequestStatus.PENDING,
                    created_at=now(),
                )
            )
    return users


async def load_demo(writes: UnitOfWork, passwords: Passwords) -> bool:
    """Load the demo if the register is empty; True if it was loaded."""
    password_hash = await passwords.hash(DEMO_PASSWORD)  # outside the transaction: it is slow
    async with writes.transaction() as session:
        if await session.scalar(select(func.count()).select_from(Association)):
            return False
        ids = await _load_register(session)
        users = await _load_accounts(session, password_hash, ids)
        coordinator = users[COORDINATOR_EMAIL]
        facilitator = users[FACILITATOR_EMAIL]
        for number, cafe in enumerate(DEMO_CAFES, start=1):
            await load_cafe(
                session,
                cafe,
                number,
                ids,
                Viewer(user_id=coordinator.id, is_coordinator=True),
                Viewer(user_id=facilitator.id),
                facilitator.email,
            )
        admins = {
            name: admin_viewer(users[person.email].id, ids[name])
            for person in DEMO_USERS
            for name in person.admin_of
        }
        city = Viewer(user_id=coordinator.id, is_coordinator=True)
        await load_premises(session, ids, city, admins)
        await load_events(session, ids, city)
        await load_plans(session, city)
        await next_conference(session, city, ids)
        await load_steering_group(session, city, ids)
        people = {email: user.id for email, user in users.items()}
        await load_past_election(session, city, ids, people)
        await load_exchange(session, ids, city, admins, Viewer(user_id=facilitator.id, roles={}))
    return True
