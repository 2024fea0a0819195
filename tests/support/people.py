"""Quick ways to make users, tokens and associations in tests, without going through HTTP."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from app.demo.load import demo_organisation_number
from app.services.accounts.roles import MembershipRole
from app.services.accounts.tokens import issue_token
from app.services.associations.fields import AssociationFields, ContactPerson
from app.services.associations.register import register_association
from app.services.clock import now
from db.models import Membership, User
from db.session import Database

_numbers = itertools.count(1)
_taken_numbers: set[str] = set()


@dataclass(frozen=True)
class Person:
    user_id: int
    token: str
    email: str

    @property
    def global_id(self) -> str:
        from strawberry.relay import GlobalID

        return str(GlobalID("User", str(self.user_id)))


async def make_person(
    db: Database, name: str | None = None, *, coordinator: bool = False
) -> Person:
    n = next(_numbers)
    email = f"person{n}@test.example"
    async with db.write() as session:
        user = User(
            email=email,
            display_name=name or f"Person {n}",
            password_hash="not-a-usable-hash",
            is_coordinator=coordinator,
            created_at=now(),
        )
        session.add(user)
        await session.flush()
        token = await issue_token(session, user.id, ttl_days=1)
    return Person(user.id, token, email)


def organisation_number() -> str:
    return demo_organisation_number(f"test-{next(_numbers)}", _taken_numbers)


async def make_association(
    db: Database,
    name: str,
    *,
    admins: tuple[Person, ...] = (),
    members: tuple[Person, ...] = (),
    description: str = "",
    contact: ContactPerson | None = None,
    contact_public: bool = False,
) -> int:
    async with db.write() as session:
        association = await register_association(
            session,
            AssociationFields(
                name=name,
                organisation_number=organisation_number(),
                description=description,
                contact_person=contact,
                contact_public=contact_public,
            ),
        )
        for person, role in [(p, MembershipRole.ADMIN) for p in admins] + [
            (p, MembershipRole.MEMBER) for p in members
        ]:
            session.add(
                Membership(
                    user_id=person.user_id,
                    association_id=association.id,
                    role=role,
                    created_at=now(),
                )
            )
    return association.id


def global_id(type_name: str, database_id: int) -> str:
    from strawberry.relay import GlobalID

    return str(GlobalID(type_name, str(database_id)))
