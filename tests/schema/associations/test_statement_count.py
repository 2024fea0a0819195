"""A list query costs the same number of SQL statements for 5 rows as for 500."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from app.main import create_app
from app.runtime import Runtime
from app.services.accounts.roles import JoinRequestStatus, MembershipRole
from app.services.associations.fields import AssociationFields
from app.services.associations.register import register_association
from app.services.clock import now
from app.services.swedish import collation_key, search_document
from app.services.viewer import Viewer
from db.models import (
    AgreementMembership,
    Association,
    AssociationCategory,
    AssociationTargetGroup,
    AssociationTranslation,
    JoinRequest,
    Membership,
    UmbrellaLink,
)
from tests.conftest import settings_for
from tests.support.graphql import GraphQLClient
from tests.support.people import make_person, organisation_number
from tests.support.statements import count_statements

EVERYTHING = """
query Everything($first: Int!) {
  associations(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id slug name organisationNumber description translations { language description }
      enDescription: description(language: "en")
      categories targetGroups district website foundedYear memberCount contactPublic
      contactPerson { name email phone }
      inAgreement agreementHistory { joinedAt leftAt }
      viewerCanEdit viewerRole
      umbrellaOrganisations(first: 5) { totalCount nodes { name categories inAgreement } }
      memberOrganisations(first: 5) { totalCount edges { node { name } } }
      members(first: 5) { totalCount edges { node { role user { displayName email } association { name } } } }
      joinRequests(first: 5) { totalCount edges { node { message user { displayName } } } }
    } }
  }
}"""


@pytest.fixture
async def big_pages_app(database_url: str, runtime: Runtime) -> AsyncIterator[Starlette]:
    # pages of 500, and room for everything nested in them: this counts statements, not items
    settings = settings_for(database_url, max_page_size=500, max_result_items=10_000_000)
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


async def add_associations(
    runtime: Runtime, how_many: int, umbrella: int | None, start: int = 0
) -> None:
    """Rows with every relation filled, inserted in bulk (the services are tested elsewhere)."""
    people = [await make_person(runtime.db) for _ in range(2)]
    async with runtime.db.write() as session:
        associations = [
            Association(
                slug=f"forening-{start + i}",
                name=f"Förening {start + i:04d}",
                sort_key=collation_key(f"Förening {start + i:04d}"),
                search_text=search_document(f"Förening {start + i:04d}"),
                organisation_number=organisation_number(),
                description="Beskrivning",
                district="RAA",
                contact_name="Namn",
                contact_email="namn@example.se",
                contact_phone="070-174 06 06",
                contact_public=False,
                created_at=now(),
                updated_at=now(),
            )
            for i in range(how_many)
        ]
        session.add_all(associations)
        await session.flush()
        for association in associations:
            session.add_all(
                [
                    AssociationTranslation(
                        association_id=association.id, language="en", description="Description"
                    ),
                    AssociationCategory(association_id=association.id, category="SPORT"),
                    AssociationCategory(association_id=association.id, category="CULTURE"),
                    AssociationTargetGroup(association_id=association.id, target_group="YOUTH"),
                    AgreementMembership(association_id=association.id, joined_at=now()),
                    Membership(
                        user_id=people[0].user_id,
                        association_id=association.id,
                        role=MembershipRole.ADMIN,
                        created_at=now(),
                    ),
                    JoinRequest(
                        user_id=people[1].user_id,
                        association_id=association.id,
                        message="Hej",
                        status=JoinRequestStatus.PENDING,
                        created_at=now(),
                    ),
                ]
            )
            if umbrella is not None:
                session.add(UmbrellaLink(association_id=association.id, umbrella_id=umbrella))


async def statements_for(gql: GraphQLClient, runtime: Runtime, rows: int) -> tuple[int, int]:
    with count_statements(runtime.db.engine) as log:
        data = await gql.data(EVERYTHING, {"first": rows})
    return log.count, len(data["associations"]["edges"])


async def test_statement_count_does_not_grow_with_rows(big_pages_app: Starlette) -> None:
    runtime: Runtime = big_pages_app.state.runtime
    coordinator = await make_person(runtime.db, coordinator=True)
    async with runtime.db.write() as session:
        umbrella = await register_association(
            session, AssociationFields(name="Paraplyet", organisation_number=organisation_number())
        )
    transport = httpx.ASGITransport(app=big_pages_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://samverka.test") as http:
        gql = GraphQLClient(http, coordinator.token)
        await add_associations(runtime, 5, umbrella.id)
        small, small_rows = await statements_for(gql, runtime, 5)
        await add_associations(runtime, 495, umbrella.id, start=5)
        large, large_rows = await statements_for(gql, runtime, 500)
    assert (small_rows, large_rows) == (5, 500)
    assert small == large, (small, large)
    # the viewer (token + roles), the page, the count, and one per relation
    assert small <= 20


async def test_viewer_can_edit_needs_no_query_per_row(gql: GraphQLClient, runtime: Runtime) -> None:
    viewer = Viewer(user_id=None)
    assert viewer.can_manage_association(1) is False
    await add_associations(runtime, 20, None)
    with count_statements(runtime.db.engine) as log:
        await gql.data(
            "{ associations(first: 20) { edges { node { viewerCanEdit viewerRole } } } }"
        )
    assert log.count == 1
