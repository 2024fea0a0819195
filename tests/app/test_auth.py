"""Who is asking: found from the token in one statement, roles included; a mutation reads
the roles again only when it wrote a membership."""

from __future__ import annotations

import pytest

from app.runtime import Runtime
from app.services.accounts.roles import MembershipRole
from app.services.viewer import InvalidToken, authenticate
from tests.support.cafe import make_cafe
from tests.support.graphql import GraphQLClient, ok
from tests.support.people import make_association, make_person
from tests.support.statements import count_statements


async def test_a_token_gives_the_viewer_and_all_their_roles_in_one_statement(
    runtime: Runtime,
) -> None:
    person = await make_person(runtime.db)
    chair = await make_association(runtime.db, "Schackklubben", admins=(person,))
    member = await make_association(runtime.db, "Körsällskapet", members=(person,))
    await make_association(runtime.db, "Någon annans förening")
    with count_statements(runtime.db.engine) as log:
        viewer = await authenticate(runtime.db, f"Bearer {person.token}")
    assert log.count == 1
    assert viewer.user_id is not None
    assert dict(viewer.roles) == {chair: MembershipRole.ADMIN, member: MembershipRole.MEMBER}


async def test_a_user_without_memberships_has_no_roles(runtime: Runtime) -> None:
    person = await make_person(runtime.db)
    viewer = await authenticate(runtime.db, f"Bearer {person.token}")
    assert viewer.user_id is not None
    assert dict(viewer.roles) == {}


async def test_a_mutation_that_writes_no_membership_does_not_read_roles_again(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    cafe = await make_cafe(gql, runtime)
    await make_association(runtime.db, "Föreningen", admins=(cafe.organiser,))
    with count_statements(runtime.db.engine) as log:
        ok(await cafe.note(cafe.as_organiser(), "En anteckning"))
    reading_roles = [s for s in log.statements if "memberships" in s.lower()]
    assert len(reading_roles) == 1  # only while authenticating


@pytest.mark.parametrize("token", ["svk_\x00", "svk_\ud800"])
async def test_a_token_no_database_can_hold_is_invalid(runtime: Runtime, token: str) -> None:
    # over WebSocket the token comes in a JSON payload, where "\\ud800" is allowed
    with pytest.raises(InvalidToken):
        await authenticate(runtime.db, f"Bearer {token}")
