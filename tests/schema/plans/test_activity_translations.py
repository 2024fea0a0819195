"""An activity's title and description in other languages, falling back to Swedish; only the
plans' editors set them, and a change of them is on the timeline."""

from __future__ import annotations

from datetime import date

from app.runtime import Runtime
from app.services.plans import activities
from app.services.viewer import Viewer
from tests.support.graphql import GraphQLClient, codes, ok
from tests.support.people import global_id, make_association, make_person

CREATE = """mutation($input: ActivityCreateInput!) { activityCreate(input: $input) {
  activity { id } errors { field code } } }"""
UPDATE = """mutation($input: ActivityUpdateInput!) { activityUpdate(input: $input) {
  activity { id } errors { field code } } }"""
READ = """query($id: ID!, $l: String) { node(id: $id) { ... on Activity {
  title(language: $l) description(language: $l) updates { changes } } } }"""


async def test_an_activity_reads_in_its_translations_and_falls_back_to_swedish(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    coordinator = await make_person(runtime.db, "Samordnare", coordinator=True)
    member = await make_person(runtime.db, "Medlem")
    association = await make_association(runtime.db, "Ansvariga", members=(member,))
    city = Viewer(user_id=coordinator.user_id, is_coordinator=True)
    async with runtime.writes.transaction() as session:
        plan = await activities.create_plan(
            session, city, "Handlingsplan", date(2025, 1, 1), date(2026, 12, 31)
        )
    editor = gql.as_(coordinator.token)
    base = {
        "planId": global_id("ActionPlan", plan.id),
        "principle": "DIALOGUE",
        "party": "JOINT",
        "title": "Dialogfrukostar",
        "description": "Frukostmöten om samverkan.",
        "responsibleAssociationIds": [global_id("Association", association)],
    }
    bad = await editor.mutate(
        CREATE, {"input": base | {"translations": [{"language": "sv", "title": "X"}]}}
    )
    assert bad["errors"] == [{"field": "translations.0.language", "code": "INVALID"}]
    made = ok(
        await editor.mutate(
            CREATE,
            {
                "input": base
                | {
                    "translations": [
                        {
                            "language": "en",
                            "title": "Dialogue breakfasts",
                            "description": "Breakfast meetings on cooperation.",
                        }
                    ]
                }
            },
        )
    )["activity"]["id"]

    async def read(language: str | None) -> tuple[str, str]:
        node = (await gql.as_(None).data(READ, {"id": made, "l": language}))["node"]
        return node["title"], node["description"]

    assert await read("en") == ("Dialogue breakfasts", "Breakfast meetings on cooperation.")
    assert await read("en-GB") == ("Dialogue breakfasts", "Breakfast meetings on cooperation.")
    assert await read("ar") == ("Dialogfrukostar", "Frukostmöten om samverkan.")
    assert await read(None) == ("Dialogfrukostar", "Frukostmöten om samverkan.")
    # the association responsible posts progress, not translations
    responsible = gql.as_(member.token)
    refused = await responsible.mutate(
        UPDATE, {"input": {"id": made, "translations": [], "progress": 10}}
    )
    assert codes(refused) == ["FORBIDDEN"]
    assert await read("en") == ("Dialogue breakfasts", "Breakfast meetings on cooperation.")
    ok(await editor.mutate(UPDATE, {"input": {"id": made, "translations": []}}))
    assert await read("en") == ("Dialogfrukostar", "Frukostmöten om samverkan.")
    updates = (await gql.as_(None).data(READ, {"id": made, "l": None}))["node"]["updates"]
    assert {"translations": [["en"], []]} in [u["changes"] for u in updates]
