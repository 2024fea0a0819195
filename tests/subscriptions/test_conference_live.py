"""The conference live: follow-ups and signings arrive in order, with replay, for anyone."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.runtime import Runtime
from app.services.agreement.signatories import confirm_signings, join_agreement
from app.services.plans import activities, conferences
from app.services.plans.activities import ActivityFields
from app.services.plans.vocabulary import Party
from app.services.viewer import Viewer
from tests.support.people import global_id, make_association, make_person
from tests.support.ws import ws_client

UPDATES = """subscription($c: ID!) { conferenceUpdates(conferenceId: $c, afterSeq: 0) {
  seq kind progress activity { title } association { name } } }"""


async def next_update(ws: Any) -> dict[str, Any]:
    message = await ws.receive()
    assert message["type"] == "next", message
    update: dict[str, Any] = message["payload"]["data"]["conferenceUpdates"]
    return update


async def test_a_room_follows_the_conference(runtime: Runtime, server: str) -> None:
    person = await make_person(runtime.db, "Samordnare", coordinator=True)
    city = Viewer(user_id=person.user_id, is_coordinator=True)
    association = await make_association(runtime.db, "Nya föreningen")
    async with runtime.writes.transaction() as session:
        plan = await activities.create_plan(
            session, city, "Plan", date(2025, 1, 1), date(2026, 12, 31)
        )
        activity = await activities.create_activity(
            session,
            city,
            plan.id,
            ActivityFields(
                principle="DIALOGUE", party=Party.CITY, title="Dialogmöten", progress=40
            ),
        )
        conference = await conferences.create_conference(
            session, city, "Konferensen", date(2025, 10, 9)
        )
        await join_agreement(session, city, association)
    async with ws_client(server) as room:
        await room.init()
        await room.subscribe("c", UPDATES, {"c": global_id("Conference", conference.id)})
        async with runtime.writes.transaction() as session:
            await conferences.follow_up_plan(session, city, conference.id, plan.id)
        first = await next_update(room)
        assert (first["seq"], first["kind"], first["progress"]) == (1, "FOLLOW_UP_RECORDED", 40)
        assert first["activity"] == {"title": activity.title}
        async with runtime.writes.transaction() as session:
            await confirm_signings(session, city, conference.id)
        second = await next_update(room)
        assert (second["seq"], second["kind"], second["association"]) == (
            2,
            "SIGNING_CONFIRMED",
            {"name": "Nya föreningen"},
        )
