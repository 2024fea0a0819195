"""Concurrent membership changes keep an association's last admin."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.runtime import Runtime
from app.services.accounts import memberships
from app.services.accounts.roles import MembershipRole
from app.services.errors import DomainError
from app.services.viewer import Viewer
from db.models import Membership
from tests.support.people import make_association, make_person


async def membership_ids(session: AsyncSession) -> dict[int, int]:
    rows = await session.execute(select(Membership.user_id, Membership.id))
    return {user_id: membership_id for user_id, membership_id in rows}


async def attempt(runtime: Runtime, work: Callable[[AsyncSession], Awaitable[object]]) -> str:
    try:
        async with runtime.db.write() as session:
            await work(session)
    except DomainError as error:
        return error.problems[0].code
    return "ok"


async def test_promote_leave_and_remove_at_once_keep_an_admin(runtime: Runtime) -> None:
    """B, the only admin, promotes A; meanwhile B leaves and (with roles read earlier) removes A."""
    a, b = await make_person(runtime.db), await make_person(runtime.db)
    association = await make_association(runtime.db, "Klubben", admins=(b,), members=(a,))
    async with runtime.db.read() as session:
        ids = await membership_ids(session)
    b_viewer = Viewer(user_id=b.user_id, roles={association: MembershipRole.ADMIN})

    # T1 promotes A and holds its transaction open
    promote = runtime.db.write()
    session = await promote.__aenter__()
    await memberships.set_member_role(session, b_viewer, ids[a.user_id], MembershipRole.ADMIN)
    leave = asyncio.create_task(
        attempt(runtime, lambda s: memberships.remove_member(s, b_viewer, ids[b.user_id]))
    )
    await asyncio.sleep(0.3)
    remove_a = asyncio.create_task(
        attempt(runtime, lambda s: memberships.remove_member(s, b_viewer, ids[a.user_id]))
    )
    await asyncio.sleep(0.3)
    await promote.__aexit__(None, None, None)
    outcomes = await asyncio.gather(leave, remove_a)

    async with runtime.db.read() as session:
        admins = await session.scalar(
            select(func.count())
            .select_from(Membership)
            .where(Membership.role == MembershipRole.ADMIN)
        )
    # B left after A became admin; B then had no authority to remove A
    assert list(outcomes) == ["ok", "FORBIDDEN"]
    assert admins == 1


async def test_two_admins_demoting_each_other_at_once_keep_one(runtime: Runtime) -> None:
    first, second = await make_person(runtime.db), await make_person(runtime.db)
    association = await make_association(runtime.db, "Klubben", admins=(first, second))
    async with runtime.db.read() as session:
        ids = await membership_ids(session)
    viewers = [
        Viewer(user_id=p.user_id, roles={association: MembershipRole.ADMIN})
        for p in (first, second)
    ]
    outcomes = await asyncio.gather(
        attempt(
            runtime,
            lambda s: memberships.set_member_role(
                s, viewers[0], ids[second.user_id], MembershipRole.MEMBER
            ),
        ),
        attempt(
            runtime,
            lambda s: memberships.set_member_role(
                s, viewers[1], ids[first.user_id], MembershipRole.MEMBER
            ),
        ),
    )
    async with runtime.db.read() as session:
        admins = await session.scalar(
            select(func.count())
            .select_from(Membership)
            .where(Membership.role == MembershipRole.ADMIN)
        )
    assert sorted(outcomes) == ["FORBIDDEN", "ok"]
    assert admins == 1
