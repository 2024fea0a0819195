"""Action plans at the service level: the rules and their refusals (each writing nothing),
the timeline, the roll-up after any sequence of changes (hypothesis), follow-ups, export."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.runtime import Runtime
from app.services.accounts.roles import MembershipRole
from app.services.errors import DomainError
from app.services.plans import activities, conferences
from app.services.plans.activities import ActivityFields
from app.services.plans.agreements import create_agreement_period
from app.services.plans.export import as_csv, as_markdown
from app.services.plans.rollup import rolled_up, weighted_mean
from app.services.plans.vocabulary import ActivityStatus, Party, PlanStatus
from app.services.viewer import Viewer
from db.models import ActionPlan, Activity, ActivityUpdate, AgreementPeriod, Principle
from tests.support.people import Person, make_association, make_person


@dataclass
class Office:
    runtime: Runtime
    coordinator: Viewer
    member: Viewer  # of the responsible association
    outsider: Viewer
    association: int
    plan: int

    async def run(self, viewer: Viewer, service: Any, *args: Any) -> Any:
        async with self.runtime.writes.transaction() as session:
            return await service(session, viewer, *args)

    async def counts(self) -> tuple[int, int]:
        async with self.runtime.db.read() as session:
            a = await session.scalar(select(func.count()).select_from(Activity))
            u = await session.scalar(select(func.count()).select_from(ActivityUpdate))
        return int(a or 0), int(u or 0)


@pytest.fixture
async def office(runtime: Runtime) -> Office:
    coordinator: Person = await make_person(runtime.db, "Samordnare", coordinator=True)
    member = await make_person(runtime.db, "Medlem")
    outsider = await make_person(runtime.db, "Utomstående")
    association = await make_association(runtime.db, "Ansvariga föreningen", members=(member,))
    city = Viewer(user_id=coordinator.user_id, is_coordinator=True)
    async with runtime.writes.transaction() as session:
        plan = await activities.create_plan(
            session, city, "Handlingsplan 2025–2026", date(2025, 1, 1), date(2026, 12, 31)
        )
    return Office(
        runtime,
        city,
        Viewer(user_id=member.user_id, roles={association: MembershipRole.MEMBER}),
        Viewer(user_id=outsider.user_id),
        association,
        plan.id,
    )


def fields(**more: Any) -> ActivityFields:
    return ActivityFields(
        **({"principle": "DIALOGUE", "party": Party.JOINT, "title": "Dialogmöten"} | more)
    )


async def refused(office: Office, work: Callable[[], Awaitable[Any]]) -> tuple[str, str | None]:
    before = await office.counts()
    with pytest.raises(DomainError) as caught:
        await work()
    assert await office.counts() == before
    return str(caught.value.problems[0].code), caught.value.problems[0].field


@pytest.mark.parametrize(
    ("more", "field"),
    [
        ({"progress": 101}, "progress"),
        ({"progress": -1}, "progress"),
        ({"principle": "NOPE"}, "principle"),
        ({"title": " "}, "title"),
        ({"status": ActivityStatus.DROPPED}, "status_reason"),
        ({"starts_on": date(2026, 2, 1), "due_on": date(2026, 1, 1)}, "due_on"),
        ({"responsible_association_ids": [999_999]}, "responsible_association_ids"),
        ({"status": ActivityStatus.DROPPED, "status_reason": "x" * 2001}, "status_reason"),
        ({"status": ActivityStatus.DROPPED, "status_reason": "Nej\x00"}, "status_reason"),
        ({"note": "x" * 2001}, "note"),
    ],
)
async def test_bad_activities_are_refused(office: Office, more: dict[str, Any], field: str) -> None:
    _code, named = await refused(
        office,
        lambda: office.run(
            office.coordinator, activities.create_activity, office.plan, fields(**more)
        ),
    )
    assert named == field


async def test_who_edits_and_who_posts_updates(office: Office) -> None:
    mine = fields(responsible_association_ids=[office.association])
    assert (
        await refused(
            office, lambda: office.run(office.member, activities.create_activity, office.plan, mine)
        )
    )[0] == "FORBIDDEN"
    activity = await office.run(office.coordinator, activities.create_activity, office.plan, mine)
    # the association responsible posts progress and a note, but edits nothing else
    done = await office.run(
        office.member,
        activities.update_activity,
        activity.id,
        ActivityFields(progress=40, note="Två möten hållna"),
    )
    assert done.progress == 40
    assert (
        await refused(
            office,
            lambda: office.run(
                office.member,
                activities.update_activity,
                activity.id,
                ActivityFields(title="Annat"),
            ),
        )
    )[0] == "FORBIDDEN"
    assert (
        await refused(
            office,
            lambda: office.run(
                office.outsider,
                activities.update_activity,
                activity.id,
                ActivityFields(progress=50),
            ),
        )
    )[0] == "FORBIDDEN"
    async with office.runtime.db.read() as session:
        timeline = (
            await session.scalars(
                select(ActivityUpdate)
                .where(ActivityUpdate.activity_id == activity.id)
                .order_by(ActivityUpdate.id)
            )
        ).all()
    assert [u.changes for u in timeline] == [{"created": [None, True]}, {"progress": [0, 40]}]
    assert timeline[1].note == "Två möten hållna"


async def test_a_closed_plan_takes_no_changes(office: Office) -> None:
    activity = await office.run(
        office.coordinator, activities.create_activity, office.plan, fields()
    )
    await office.run(office.coordinator, activities.set_plan_status, office.plan, PlanStatus.CLOSED)
    assert await refused(
        office,
        lambda: office.run(office.coordinator, activities.create_activity, office.plan, fields()),
    ) == ("CONFLICT", "plan_id")
    assert (
        await refused(
            office,
            lambda: office.run(
                office.coordinator,
                activities.update_activity,
                activity.id,
                ActivityFields(progress=10),
            ),
        )
    )[0] == "CONFLICT"


operations = st.lists(
    st.tuples(
        st.sampled_from(["create", "update", "delete"]),
        st.integers(0, 100),
        st.one_of(st.none(), st.integers(1, 5)),
        st.sampled_from(["DIALOGUE", "QUALITY", "OPENNESS"]),
        st.integers(0, 10),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=operations)
async def test_the_roll_up_is_the_weighted_mean_after_any_changes(
    office: Office, steps: list[tuple[str, int, int | None, str, int]]
) -> None:
    async with office.runtime.writes.transaction() as session:
        plan = await activities.create_plan(
            session, office.coordinator, "Prov", date(2025, 1, 1), date(2026, 1, 1)
        )
    expected: dict[int, tuple[int, int | None, str]] = {}
    for action, progress, weight, principle, pick in steps:
        ids = sorted(expected)
        if action == "create" or not ids:
            made = await office.run(
                office.coordinator,
                activities.create_activity,
                plan.id,
                fields(progress=progress, weight=weight, principle=principle),
            )
            expected[made.id] = (progress, weight, principle)
        elif action == "update":
            target = ids[pick % len(ids)]
            await office.run(
                office.coordinator,
                activities.update_activity,
                target,
                ActivityFields(progress=progress, weight=weight),
            )
            expected[target] = (progress, weight, expected[target][2])
        else:
            target = ids[pick % len(ids)]
            await office.run(office.coordinator, activities.delete_activity, target)
            del expected[target]
    async with office.runtime.db.read() as session:
        total = await rolled_up(session, [plan.id])
        by_principle = await rolled_up(session, [plan.id], Activity.principle)
    assert total.get((plan.id, None)) == weighted_mean([(p, w) for p, w, _ in expected.values()])
    for principle in {c for _, _, c in expected.values()}:
        assert by_principle[(plan.id, principle)] == weighted_mean(
            [(p, w) for p, w, c in expected.values() if c == principle]
        )


def test_the_mean_rounds_half_up() -> None:
    assert weighted_mean([(50, None), (51, None)]) == 51  # 50.5
    assert weighted_mean([(10, 3), (90, 1)]) == 30
    assert weighted_mean([]) is None


async def test_follow_ups_keep_the_plan_conference_by_conference(office: Office) -> None:
    first = await office.run(
        office.coordinator, activities.create_activity, office.plan, fields(progress=20)
    )
    dropped = await office.run(
        office.coordinator, activities.create_activity, office.plan, fields(title="Nedlagd")
    )
    await office.run(
        office.coordinator,
        activities.update_activity,
        dropped.id,
        ActivityFields(status=ActivityStatus.DROPPED, status_reason="Ingen budget"),
    )
    conference = await office.run(
        office.coordinator, conferences.create_conference, "Konferensen 2025", date(2025, 10, 9)
    )
    recorded = await office.run(
        office.coordinator, conferences.follow_up_plan, conference.id, office.plan
    )
    assert [(f.activity_id, f.progress) for f in recorded] == [(first.id, 20)]  # active ones only
    again = await refused(
        office,
        lambda: office.run(
            office.coordinator, conferences.create_conference, "Igen", date(2025, 10, 9)
        ),
    )
    assert again == ("DUPLICATE", "held_on")
    async with office.runtime.db.read() as session:
        markdown = await as_markdown(session, office.plan)
        table = await as_csv(session, office.plan)
        dialogue = await session.get(Principle, "DIALOGUE")
    assert dialogue is not None
    assert f"## {dialogue.name}" in markdown
    assert "### Gemensamma aktiviteter" in markdown
    assert "- Dialogmöten (20 %, PLANNED)" in markdown
    assert table.splitlines()[0] == "principle,party,activity,status,progress,due,cafe_answers"
    assert len(table.strip().splitlines()) == 3


async def test_agreement_periods_hold_their_plans_and_never_overlap(office: Office) -> None:
    async def refused(viewer: Viewer, service: Any, *args: Any) -> tuple[str, str | None]:
        async with office.runtime.db.read() as session:
            before = (
                await session.scalar(select(func.count()).select_from(AgreementPeriod)),
                await session.scalar(select(func.count()).select_from(ActionPlan)),
            )
        with pytest.raises(DomainError) as caught:
            await office.run(viewer, service, *args)
        async with office.runtime.db.read() as session:
            after = (
                await session.scalar(select(func.count()).select_from(AgreementPeriod)),
                await session.scalar(select(func.count()).select_from(ActionPlan)),
            )
        assert after == before
        return str(caught.value.problems[0].code), caught.value.problems[0].field

    new = create_agreement_period
    period = await office.run(
        office.coordinator, new, "Överenskommelse 2027–2030", date(2027, 1, 1), date(2030, 12, 31)
    )
    assert await refused(
        office.coordinator, new, "Krockar", date(2030, 6, 1), date(2034, 5, 31)
    ) == ("CONFLICT", "starts_on")
    assert await refused(
        office.coordinator, new, "Baklänges", date(2035, 1, 1), date(2031, 1, 1)
    ) == (
        "INVALID",
        "ends_on",
    )
    assert await refused(office.member, new, "Förening", date(2035, 1, 1), date(2038, 12, 31)) == (
        "FORBIDDEN",
        None,
    )
    plan = activities.create_plan
    outside = await refused(
        office.coordinator, plan, "För lång", date(2029, 1, 1), date(2031, 12, 31), period.id
    )
    assert outside == ("INVALID", "agreement_id")
    unknown = await refused(
        office.coordinator, plan, "Okänd", date(2027, 1, 1), date(2028, 12, 31), 10**6
    )
    assert unknown == ("NOT_FOUND", "agreement_id")
    inside = await office.run(
        office.coordinator,
        plan,
        "Handlingsplan 2027–2028",
        date(2027, 1, 1),
        date(2028, 12, 31),
        period.id,
    )
    assert inside.period_id == period.id
    # the next period may start the day after
    following = await office.run(
        office.coordinator, new, "Överenskommelse 2031–2034", date(2031, 1, 1), date(2034, 12, 31)
    )
    assert following.starts_on == date(2031, 1, 1)


async def test_a_conference_or_an_election_naming_what_is_not_there_is_refused(
    office: Office,
) -> None:
    from datetime import timedelta

    from app.services.clock import now
    from app.services.plans import elections

    with pytest.raises(DomainError) as caught:
        await office.run(
            office.coordinator, conferences.create_conference, "Konferens", date(2027, 10, 7), 10**6
        )
    assert (caught.value.problems[0].code, caught.value.problems[0].field) == (
        "NOT_FOUND",
        "event_id",
    )
    plan = elections.ElectionPlan(
        "Val", 2, now(), now() + timedelta(hours=1), date(2030, 1, 1), conference_id=10**6
    )
    with pytest.raises(DomainError) as missing:
        await office.run(office.coordinator, elections.create_election, plan)
    assert (missing.value.problems[0].code, missing.value.problems[0].field) == (
        "NOT_FOUND",
        "conference_id",
    )
