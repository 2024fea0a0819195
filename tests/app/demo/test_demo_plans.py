"""The action plans on the demo: both plans from the seeds as written, the 2023-24 plan read by
principle with its follow-ups, and café answers and activities linked both ways."""

from __future__ import annotations

import httpx

from app.demo.load import load_demo
from app.demo.plans import PLANS, SEEDS, activities_in
from app.runtime import Runtime
from tests.app.demo.test_demo_events import check_the_demo_calendar_holds_what_the_seeds_ask_for
from tests.app.demo.test_demo_premises import check_the_demo_has_a_series_across_the_end_of_march
from tests.support.graphql import GraphQLClient

PLAN = """{ actionPlans(first: 2) { nodes { id title status progress agreement { title }
  progressByPrinciple { progress principle { code } } progressByParty { progress party }
  activities(first: 40) { totalCount nodes { title party principle { code }
    motivatedBy { text } followUps { progress conference { heldOn } } } } } } }"""


async def check_both_plans_as_written_and_read_by_principle(
    gql: GraphQLClient, http: httpx.AsyncClient, runtime: Runtime
) -> None:
    plans = {p["title"]: p for p in (await gql.data(PLAN))["actionPlans"]["nodes"]}
    for title, _starts, _ends, seed, _status in PLANS:
        written = activities_in((SEEDS / seed).read_text())
        listed = plans[title]["activities"]
        assert listed["totalCount"] == len(written)
        assert [a["title"] for a in listed["nodes"]] == [w.title for w in written]
        assert [a["principle"]["code"] for a in listed["nodes"]] == [w.principle for w in written]
    current = plans["Handlingsplan 2023–2024"]
    assert current["status"] == "ACTIVE"
    assert current["agreement"] == {"title": "Lokal överenskommelse 2023–2026"}
    periods = (await gql.data("{ agreements { title startsOn endsOn actionPlans { title } } }"))[
        "agreements"
    ]
    assert [
        (p["startsOn"], p["endsOn"], [a["title"] for a in p["actionPlans"]]) for p in periods
    ] == [
        ("2023-01-01", "2026-12-31", ["Handlingsplan 2023–2024"]),
        ("2018-01-01", "2022-12-31", ["Handlingsplan 2018–2019"]),
    ]
    assert {g["principle"]["code"] for g in current["progressByPrinciple"]} == {
        "DIALOGUE", "QUALITY", "LONG_TERM", "OPENNESS", "DIVERSITY",
    }  # fmt: skip
    conference = next(
        a for a in current["activities"]["nodes"] if "överenskommelsekonferens" in a["title"]
    )
    assert conference["motivatedBy"] == [{"text": "Mötesplatser och träffar"}]
    followed = [a for a in current["activities"]["nodes"] if a["followUps"]]
    assert len(followed) == len(current["activities"]["nodes"])  # all were active in 2023
    days = {f["conference"]["heldOn"] for a in followed for f in a["followUps"]}
    assert days == {"2023-10-12", "2024-10-10"}
    # the 2016 café's answer shows the activities it led to
    sessions = await gql.data("{ cafeSessions(first: 5) { nodes { id } } }")
    found = []
    for node in sessions["cafeSessions"]["nodes"]:
        summary = await gql.data(
            "query($s: ID!) { cafeSummary(sessionId: $s) { answers { label activities { title } } } }",
            {"s": node["id"]},
        )
        found += [a for a in summary["cafeSummary"]["answers"] if a["activities"]]
    meeting_places = [a for a in found if a["label"] == "Mötesplatser och träffar"]
    assert meeting_places
    assert any("överenskommelsekonferens" in t["title"] for t in meeting_places[0]["activities"])
    exported = await http.get(f"/export/plans/{current['id']}.md")
    assert exported.status_code == 200
    assert "Föreningslivets aktiviteter" in exported.text
    assert "Från dialogmötena: Mötesplatser och träffar" in exported.text


async def test_an_association_that_asked_to_join_is_confirmed_at_the_conference(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    from app.demo.accounts import DEMO_PASSWORD
    from app.demo.plans import ASKING

    await load_demo(runtime.shared.writes, runtime.shared.passwords)
    find = "query($s: String!) { associations(filter: {search: $s}) { nodes { id inAgreement agreementRequestedAt } } }"
    (asking,) = (await gql.data(find, {"s": ASKING}))["associations"]["nodes"]
    assert asking["inAgreement"] is False
    assert asking["agreementRequestedAt"] is not None
    (coming, *_) = (await gql.data("{ conferences { id heldOn eventId } }"))["conferences"]
    assert coming["eventId"] is not None  # the conference is the calendar's event
    token = (
        await gql.mutate(
            'mutation($p: String!) { logIn(input: {email: "samordnare@samverka.example", password: $p}) { token } }',
            {"p": DEMO_PASSWORD},
        )
    )["token"]
    done = await gql.as_(token).mutate(
        "mutation($c: ID!) { conferenceConfirmSignings(input: {conferenceId: $c}) { associations { name inAgreement } errors { code } } }",
        {"c": coming["id"]},
    )
    assert done["associations"] == [{"name": ASKING, "inAgreement": True}]


async def check_the_demo_steering_group_and_its_alternating_chair(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    query = "query($on: Date) { steeringGroup(on: $on) { seats { side position person { name } } chairSide nextChairSide } }"
    for day, chair, following in (
        ("2025-06-01", "CITY", "ASSOCIATIONS"),
        ("2026-06-01", "ASSOCIATIONS", "CITY"),
    ):
        group = (await gql.data(query, {"on": day}))["steeringGroup"]
        sides = [s["side"] for s in group["seats"]]
        assert (sides.count("CITY"), sides.count("ASSOCIATIONS")) == (5, 5)
        assert (group["chairSide"], group["nextChairSide"]) == (chair, following)
        assert [s["side"] for s in group["seats"] if s["position"] == "CHAIR"] == [chair]


async def check_the_demo_holds_a_past_election_with_its_result(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    (election,) = (
        await gql.data(
            "{ elections { title counted seed open candidates { name votes elected } voters { name } } }"
        )
    )["elections"]
    assert (election["counted"], election["seed"], election["open"]) == (True, "2024-10-10", False)
    assert sorted((c["name"], c["votes"], c["elected"]) for c in election["candidates"]) == [
        ("Karin Nilsson", 2, True),
        ("Per Möller", 2, True),
    ]
    assert sorted(v["name"] for v in election["voters"]) == ["Helsingborgs IF", "Råå IF"]
    later = await gql.data('{ steeringGroup(on: "2027-06-01") { seats { person { name } side } } }')
    assert sorted(s["person"]["name"] for s in later["steeringGroup"]["seats"]) == [
        "Karin Nilsson",
        "Per Möller",
    ]


async def check_a_plan_compared_between_two_conferences(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    held = {
        c["heldOn"]: c["id"]
        for c in (await gql.data("{ conferences { id heldOn } }"))["conferences"]
    }
    plans = (await gql.data("{ actionPlans(first: 2) { nodes { id title } } }"))["actionPlans"][
        "nodes"
    ]
    current = next(p for p in plans if "2023" in p["title"])
    compared = await gql.data(
        """query($p: ID!, $a: ID!, $b: ID!) { node(id: $p) { ... on ActionPlan {
           comparison(firstConferenceId: $a, secondConferenceId: $b) {
             activity { title } before { progress } after { progress } } } } }""",
        {"p": current["id"], "a": held["2023-10-12"], "b": held["2024-10-10"]},
    )
    rows = compared["node"]["comparison"]
    assert len(rows) == 30
    moved = [r for r in rows if r["before"] and r["after"]]
    assert moved
    assert all(r["after"]["progress"] >= 0 for r in moved)
    assert any(r["after"]["progress"] != r["before"]["progress"] for r in moved)


async def test_what_the_demo_holds_for_readers(
    gql: GraphQLClient, http: httpx.AsyncClient, runtime: Runtime
) -> None:
    """One load of the demo for what reads it only (each load costs seconds)."""
    await load_demo(runtime.shared.writes, runtime.shared.passwords)
    await check_both_plans_as_written_and_read_by_principle(gql, http, runtime)
    await check_the_demo_steering_group_and_its_alternating_chair(gql, runtime)
    await check_the_demo_holds_a_past_election_with_its_result(gql, runtime)
    await check_a_plan_compared_between_two_conferences(gql, runtime)
    await check_the_demo_has_a_series_across_the_end_of_march(gql)
    await check_the_demo_calendar_holds_what_the_seeds_ask_for(gql)
