"""Action plan authorization as a matrix: every plan query and mutation × every role.

Roles: anonymous; a member and an admin of the association responsible for the activity (a
signatory); an admin of another association (not one); a member of the steering group (the
city's side, in no association); the coordinator. Plans are public; the coordinator and the
steering group edit; the association responsible posts its activity's updates; the
coordinator alone holds conferences, appoints and runs elections; signatories nominate and
vote. Each cell on its own fresh data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from app.runtime import Runtime
from app.services.clock import now
from app.services.plans import activities, conferences, elections
from app.services.plans.activities import ActivityFields
from app.services.plans.agreements import create_agreement_period
from app.services.plans.steering import Appointment, appoint
from app.services.plans.vocabulary import Party
from app.services.viewer import Viewer
from db.models import AgreementMembership
from tests.support.graphql import GraphQLClient
from tests.support.people import Person, global_id, make_association, make_person
from tests.support.ws import ws_client

ROLES = ["anonymous", "member", "admin", "other_admin", "steering", "coordinator"]


@dataclass
class Setting:
    gql: GraphQLClient
    people: dict[str, Person | None]
    ids: dict[str, str]
    server: str = ""

    def client(self, role: str) -> GraphQLClient:
        person = self.people[role]
        return self.gql.as_(person.token if person else None)


@pytest.fixture
async def setting(gql: GraphQLClient, runtime: Runtime, server: str) -> Setting:
    db = runtime.db
    member, admin, other_admin, steering = [
        await make_person(db, n) for n in ("Medlem", "Admin", "Annan", "Styrgrupp")
    ]
    coordinator = await make_person(db, "Samordnare", coordinator=True)
    responsible = await make_association(db, "Ansvarig", admins=(admin,), members=(member,))
    await make_association(db, "Annan", admins=(other_admin,))
    city = Viewer(user_id=coordinator.user_id, is_coordinator=True)
    async with runtime.writes.transaction() as session:
        period = await create_agreement_period(
            session, city, "Överenskommelse 2023–2026", date(2023, 1, 1), date(2026, 12, 31)
        )
        plan = await activities.create_plan(
            session, city, "Plan", date(2025, 1, 1), date(2026, 12, 31), period.id
        )
        activity = await activities.create_activity(
            session,
            city,
            plan.id,
            ActivityFields(
                principle="DIALOGUE",
                party=Party.ASSOCIATIONS,
                title="Dialog",
                responsible_association_ids=[responsible],
            ),
        )
        conference = await conferences.create_conference(
            session, city, "Konferensen", date(2025, 10, 9)
        )
        session.add(AgreementMembership(association_id=responsible, joined_at=now()))
        moment = now()
        election = await elections.create_election(
            session,
            city,
            elections.ElectionPlan(
                "Val", 5, moment - timedelta(hours=1), moment + timedelta(hours=1), date(2026, 1, 1)
            ),
        )
        pending = await elections.nominate(
            session, city, election.id, responsible, member.user_id, responsible
        )
        standing = await elections.nominate(
            session, city, election.id, responsible, admin.user_id, responsible
        )
        standing.accepted = True
        # a city member of the steering group, seated today, in no association
        today = now().date()
        await appoint(
            session,
            city,
            Appointment(
                side="CITY",
                name="Styrgrupp",
                term_starts_on=today - timedelta(days=30),
                term_ends_on=today + timedelta(days=300),
                user_id=steering.user_id,
            ),
        )
        # something for the conference's followers to replay
        await conferences.record_follow_up(session, city, conference.id, activity.id, None)
    people: dict[str, Person | None] = {
        "anonymous": None,
        "member": member,
        "admin": admin,
        "other_admin": other_admin,
        "steering": steering,
        "coordinator": coordinator,
    }
    ids = {
        "plan": global_id("ActionPlan", plan.id),
        "activity": global_id("Activity", activity.id),
        "conference": global_id("Conference", conference.id),
        "election": global_id("Election", election.id),
        "pending": global_id("Nomination", pending.id),
        "standing": global_id("Nomination", standing.id),
        "responsible": global_id("Association", responsible),
        "nominee": other_admin.global_id,
    }
    return Setting(gql, people, ids, server)


def _vars(query: str, setting: Setting) -> dict[str, Any]:
    return {k: v for k, v in setting.ids.items() if f"${k}" in query}


def query_of(query: str, pick: Callable[[Any], Any]) -> Callable[[Setting, str], Awaitable[str]]:
    async def run(setting: Setting, role: str) -> str:
        data = await setting.client(role).data(query, _vars(query, setting))
        return "hidden" if pick(data) in (None, [], False) else "visible"

    return run


def mutation_of(query: str) -> Callable[[Setting, str], Awaitable[str]]:
    async def run(setting: Setting, role: str) -> str:
        data = await setting.client(role).data(query, _vars(query, setting))
        (payload,) = data.values()
        return str(payload["errors"][0]["code"]) if payload["errors"] else "ok"

    return run


async def follow(setting: Setting, role: str) -> str:
    async with ws_client(setting.server) as ws:
        person = setting.people[role]
        await ws.init(person.token if person else None)
        await ws.subscribe(
            "c",
            "subscription($c: ID!) { conferenceUpdates(conferenceId: $c, afterSeq: 0) { seq } }",
            {"c": setting.ids["conference"]},
        )
        message = await ws.receive()
        if message["type"] != "next":
            return "refused"
        assert message["payload"]["data"]["conferenceUpdates"]["seq"] == 1
        return "visible"


E = "errors { code }"
U, F, OK, V, H = "UNAUTHENTICATED", "FORBIDDEN", "ok", "visible", "hidden"
# role order: anonymous member admin other_admin steering coordinator
MATRIX: dict[str, tuple[Callable[[Setting, str], Awaitable[str]], tuple[str, ...]]] = {
    "actionPlans": (
        query_of(
            "{ actionPlans(first: 5) { nodes { title progress progressByPrinciple { progress } activities(first: 20) { nodes { title updates { at } motivatedBy { text } followUps { progress } } } } } }",
            lambda d: d["actionPlans"]["nodes"],
        ),
        (V,) * 6,
    ),
    "conferences": (query_of("{ conferences { title } }", lambda d: d["conferences"]), (V,) * 6),
    "Activity.viewerCanUpdate": (
        query_of(
            "query($activity: ID!) { node(id: $activity) { ... on Activity { viewerCanUpdate } } }",
            lambda d: d["node"]["viewerCanUpdate"],
        ),
        (H, V, V, H, V, V),
    ),
    "ActionPlan.viewerCanEdit": (
        query_of(
            "query($plan: ID!) { node(id: $plan) { ... on ActionPlan { viewerCanEdit } } }",
            lambda d: d["node"]["viewerCanEdit"],
        ),
        (H, H, H, H, V, V),
    ),
    "agreements": (
        query_of("{ agreements { title actionPlans { title } } }", lambda d: d["agreements"]),
        (V,) * 6,
    ),
    "agreementCreate": (
        mutation_of(
            f'mutation {{ agreementCreate(input: {{title: "Överenskommelse 2027–2030", startsOn: "2027-01-01", endsOn: "2030-12-31"}}) {{ {E} }} }}'
        ),
        (U, F, F, F, F, OK),
    ),
    "actionPlanCreate": (
        mutation_of(
            f'mutation {{ actionPlanCreate(input: {{title: "Ny", startsOn: "2027-01-01", endsOn: "2028-12-31"}}) {{ {E} }} }}'
        ),
        (U, F, F, F, OK, OK),
    ),
    "actionPlanSetStatus": (
        mutation_of(
            f"mutation($plan: ID!) {{ actionPlanSetStatus(input: {{id: $plan, status: ACTIVE}}) {{ {E} }} }}"
        ),
        (U, F, F, F, OK, OK),
    ),
    "activityCreate": (
        mutation_of(
            f'mutation($plan: ID!) {{ activityCreate(input: {{planId: $plan, principle: QUALITY, party: CITY, title: "Utbildning"}}) {{ {E} }} }}'
        ),
        (U, F, F, F, OK, OK),
    ),
    "activityUpdate": (
        mutation_of(
            f'mutation($activity: ID!) {{ activityUpdate(input: {{id: $activity, progress: 30, note: "Framåt"}}) {{ {E} }} }}'
        ),
        (U, OK, OK, F, OK, OK),
    ),
    "activityDelete": (
        mutation_of(
            f"mutation($activity: ID!) {{ activityDelete(input: {{id: $activity}}) {{ deletedId {E} }} }}"
        ),
        (U, F, F, F, OK, OK),
    ),
    "activityLinkCafeAnswer": (
        mutation_of(
            f'mutation($activity: ID!) {{ activityLinkCafeAnswer(input: {{id: $activity, noteId: "Q2FmZU5vdGU6OTk5OTk="}}) {{ {E} }} }}'
        ),
        (U, F, F, F, "NOT_FOUND", "NOT_FOUND"),
    ),
    "conferenceCreate": (
        mutation_of(
            f'mutation {{ conferenceCreate(input: {{title: "Nästa", heldOn: "2026-10-08"}}) {{ {E} }} }}'
        ),
        (U, F, F, F, F, OK),
    ),
    "followUpRecord": (
        mutation_of(
            f"mutation($conference: ID!, $activity: ID!) {{ followUpRecord(input: {{conferenceId: $conference, activityId: $activity}}) {{ {E} }} }}"
        ),
        (U, F, F, F, OK, OK),
    ),
    "steeringGroup": (
        query_of(
            "{ steeringGroup { seats { side person { name contact } } chairSide nextChairSide } }",
            lambda d: d["steeringGroup"] is not None,
        ),
        (V,) * 6,
    ),
    "steeringSeatAppoint": (
        mutation_of(
            f'mutation {{ steeringSeatAppoint(input: {{side: CITY, name: "Ny", termStartsOn: "2026-01-01", termEndsOn: "2026-12-31"}}) {{ {E} }} }}'
        ),
        (U, F, F, F, F, OK),
    ),
    "elections": (
        query_of(
            "{ elections { title candidates { name votes } voters { name } open } }",
            lambda d: d["elections"],
        ),
        (V,) * 6,
    ),
    "electionCreate": (
        mutation_of(
            f'mutation {{ electionCreate(input: {{title: "Nytt val", seats: 2, opensAt: "2027-01-01T10:00:00+01:00", closesAt: "2027-01-02T10:00:00+01:00", termStartsOn: "2028-02-01"}}) {{ {E} }} }}'
        ),
        (U, F, F, F, F, OK),
    ),
    "nominationCreate": (
        mutation_of(
            f"mutation($election: ID!, $responsible: ID!, $nominee: ID!) {{ nominationCreate(input: {{electionId: $election, associationId: $responsible, userId: $nominee, nomineeAssociationId: $responsible}}) {{ {E} }} }}"
        ),
        # the nominee (the other association's admin) is no member of the responsible one
        (U, F, "INVALID", F, F, "INVALID"),
    ),
    "nominationAccept": (
        mutation_of(
            f"mutation($pending: ID!) {{ nominationAccept(input: {{id: $pending}}) {{ {E} }} }}"
        ),
        (U, OK, F, F, F, F),
    ),
    "ballotCast": (
        mutation_of(
            f"mutation($election: ID!, $responsible: ID!, $standing: ID!) {{ ballotCast(input: {{electionId: $election, associationId: $responsible, nominationIds: [$standing]}}) {{ {E} }} }}"
        ),
        (U, F, OK, F, F, F),
    ),
    "electionCount": (
        mutation_of(
            f"mutation($election: ID!) {{ electionCount(input: {{id: $election}}) {{ {E} }} }}"
        ),
        (U, F, F, F, F, "CONFLICT"),
    ),
    "conferenceUpdates": (follow, (V,) * 6),
    "conferenceConfirmSignings": (
        mutation_of(
            f"mutation($conference: ID!) {{ conferenceConfirmSignings(input: {{conferenceId: $conference}}) {{ {E} }} }}"
        ),
        (U, F, F, F, F, OK),
    ),
    "conferenceFollowUpPlan": (
        mutation_of(
            f"mutation($conference: ID!, $plan: ID!) {{ conferenceFollowUpPlan(input: {{conferenceId: $conference, planId: $plan}}) {{ {E} }} }}"
        ),
        (U, F, F, F, OK, OK),
    ),
}

CELLS = [
    pytest.param(operation, role, expected, id=f"{operation}-{role}")
    for operation, (_, row) in MATRIX.items()
    for role, expected in zip(ROLES, row, strict=True)
]


@pytest.mark.parametrize(("operation", "role", "expected"), CELLS)
async def test_cell(setting: Setting, operation: str, role: str, expected: str) -> None:
    run, _ = MATRIX[operation]
    assert await run(setting, role) == expected
