"""An activity shows the café answers behind it to anyone, so only answers that a public café
made public by closing can be linked: a private café's, a running café's or a deleted note
are refused and nothing is written; a note deleted after linking no longer shows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, update
from strawberry import relay

from app.runtime import Runtime
from app.services.clock import now
from app.services.plans import activities
from app.services.plans.activities import ActivityFields
from app.services.plans.vocabulary import Party
from app.services.viewer import Viewer
from db.models import ActivityMotivation, CafeNote, CafeSession
from tests.support.cafe import make_cafe
from tests.support.graphql import GraphQLClient, ok
from tests.support.people import global_id, make_person

LINK = """mutation($a: ID!, $n: ID!) { activityLinkCafeAnswer(input: {id: $a, noteId: $n}) {
  errors { field code } } }"""
CLOSE = """mutation($id: ID!) { cafeSessionClose(input: {id: $id}) { errors { code } } }"""
MOTIVATED = """query($a: ID!) { node(id: $a) { ... on Activity { motivatedBy { text } } } }"""


async def test_only_a_closed_public_cafes_answers_are_linked(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    coordinator = await make_person(runtime.db, "Samordnare", coordinator=True)
    city = Viewer(user_id=coordinator.user_id, is_coordinator=True)
    async with runtime.writes.transaction() as session:
        plan = await activities.create_plan(
            session, city, "Plan", date(2025, 1, 1), date(2026, 12, 31)
        )
        activity = await activities.create_activity(
            session,
            city,
            plan.id,
            ActivityFields(principle="DIALOGUE", party=Party.JOINT, title="Dialogmöten"),
        )
    editor = gql.as_(coordinator.token)
    aid = global_id("Activity", activity.id)
    private = await make_cafe(gql, runtime)
    secret = ok(await private.note(private.as_organiser(), "Hemligt"))["note"]["id"]
    public = await make_cafe(gql, runtime, public=True)
    said = ok(await public.note(public.as_organiser(), "Fler mötesplatser"))["note"]["id"]
    gone = ok(await public.note(public.as_organiser(), "Strax borta"))["note"]["id"]

    async def links() -> int:
        async with runtime.db.read() as session:
            found = await session.scalar(select(func.count()).select_from(ActivityMotivation))
        return int(found or 0)

    for note in (secret, said):  # private, and public but not yet closed
        refused = await editor.mutate(LINK, {"a": aid, "n": note})
        assert refused["errors"] == [{"field": "noteId", "code": "INVALID"}]
    assert await links() == 0
    ok(await public.as_organiser().mutate(CLOSE, {"id": public.session_id}))
    ok(await private.as_organiser().mutate(CLOSE, {"id": private.session_id}))
    assert (await editor.mutate(LINK, {"a": aid, "n": secret}))["errors"][0]["code"] == "INVALID"
    ok(await editor.mutate(LINK, {"a": aid, "n": said}))
    ok(await editor.mutate(LINK, {"a": aid, "n": gone}))
    shown = (await gql.as_(None).data(MOTIVATED, {"a": aid}))["node"]["motivatedBy"]
    assert [m["text"] for m in shown] == ["Fler mötesplatser", "Strax borta"]
    async with runtime.writes.transaction() as session:
        await session.execute(
            update(CafeNote).where(CafeNote.text == "Strax borta").values(deleted_at=now())
        )
    shown = (await gql.as_(None).data(MOTIVATED, {"a": aid}))["node"]["motivatedBy"]
    assert [m["text"] for m in shown] == ["Fler mötesplatser"]
    refused = await editor.mutate(LINK, {"a": aid, "n": gone})
    assert refused["errors"] == [{"field": "noteId", "code": "NOT_FOUND"}]
    assert await links() == 2
    export = f"/export/plans/{global_id('ActionPlan', plan.id)}.md"
    assert "Fler mötesplatser" in (await gql.http.get(export)).text
    # the café made private again: what it said is no longer shown through the plan
    async with runtime.writes.transaction() as session:
        await session.execute(
            update(CafeSession)
            .where(CafeSession.id == int(relay.from_base64(public.session_id)[1]))
            .values(is_public=False)
        )
    shown = (await gql.as_(None).data(MOTIVATED, {"a": aid}))["node"]["motivatedBy"]
    assert shown == []
    exported = await gql.http.get(export)
    assert exported.status_code == 200
    assert "Fler mötesplatser" not in exported.text
