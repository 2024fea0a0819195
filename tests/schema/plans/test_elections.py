"""Elections to the steering group: nominations and ballots by signatories, one ballot per
association under any concurrency, a count reproducible from its recorded seed, and the
elected seated with their terms."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from app.runtime import Runtime
from app.services.accounts.roles import MembershipRole
from app.services.clock import now, pretend
from app.services.errors import DomainError
from app.services.plans import elections
from app.services.plans.elections import ElectionPlan, ranking
from app.services.plans.steering import Appointment, appoint
from app.services.viewer import Viewer
from db.models import AgreementMembership, BallotCast, Election, Nomination, SteeringSeat, Vote
from tests.support.people import Person, make_association, make_person


async def signatory(
    runtime: Runtime, name: str, admin: Person, members: tuple[Person, ...] = ()
) -> int:
    association = await make_association(runtime.db, name, admins=(admin,), members=members)
    async with runtime.db.write() as session:
        session.add(AgreementMembership(association_id=association, joined_at=now()))
    return association


def admin_of(person: Person, association: int) -> Viewer:
    return Viewer(user_id=person.user_id, roles={association: MembershipRole.ADMIN})


async def run(runtime: Runtime, viewer: Viewer, service: Any, *args: object) -> Any:
    async with runtime.writes.transaction() as session:
        return await service(session, viewer, *args)


async def election_with_candidates(
    runtime: Runtime, candidates: int = 6, seats: int = 5
) -> tuple[Viewer, int, list[int], list[tuple[Person, int]]]:
    coordinator = await make_person(runtime.db, "Samordnare", coordinator=True)
    city = Viewer(user_id=coordinator.user_id, is_coordinator=True)
    moment = now()
    election = await run(
        runtime,
        city,
        elections.create_election,
        ElectionPlan(
            "Val 2026",
            seats,
            moment - timedelta(hours=1),
            moment + timedelta(hours=2),
            date(2026, 1, 1),
            one_year_seats=min(2, seats),
        ),
    )
    nominations = []
    voters = []
    for n in range(candidates):
        admin = await make_person(runtime.db, f"Admin {n}")
        nominee = await make_person(runtime.db, f"Kandidat {n}")
        association = await signatory(runtime, f"Förening {n}", admin, (nominee,))
        made = await run(
            runtime,
            admin_of(admin, association),
            elections.nominate,
            election.id,
            association,
            nominee.user_id,
            association,
        )
        await run(runtime, Viewer(user_id=nominee.user_id), elections.accept_nomination, made.id)
        nominations.append(made.id)
        voters.append((admin, association))
    return city, election.id, nominations, voters


async def test_nominations_and_ballots_refuse_what_the_rules_forbid(runtime: Runtime) -> None:
    city, election, nominations, voters = await election_with_candidates(
        runtime, candidates=2, seats=1
    )
    admin, association = voters[0]
    outsider = await make_person(runtime.db, "Utanför")
    not_signed = await make_association(runtime.db, "Ej ansluten", admins=(outsider,))
    cases = [
        (
            admin_of(outsider, not_signed),
            elections.cast_ballot,
            (election, not_signed, nominations[:1]),
            "association_id",
        ),
        (
            admin_of(admin, association),
            elections.cast_ballot,
            (election, association, nominations),
            "nomination_ids",
        ),  # two for one seat
        (
            admin_of(admin, association),
            elections.cast_ballot,
            (election, association, [nominations[0], nominations[0]]),
            "nomination_ids",
        ),
        (
            admin_of(admin, association),
            elections.nominate,
            (election, association, outsider.user_id, association),
            "user_id",
        ),
        (
            admin_of(outsider, not_signed),
            elections.nominate,
            (election, not_signed, outsider.user_id, not_signed),
            "association_id",
        ),
    ]
    for viewer, service, args, field in cases:
        before = await counts(runtime)
        with pytest.raises(DomainError) as caught:
            await run(runtime, viewer, service, *args)
        assert caught.value.problems[0].field == field, (service, caught.value.problems)
        assert await counts(runtime) == before
    await run(
        runtime,
        admin_of(admin, association),
        elections.cast_ballot,
        election,
        association,
        nominations[:1],
    )
    with pytest.raises(DomainError) as twice:
        await run(
            runtime,
            admin_of(admin, association),
            elections.cast_ballot,
            election,
            association,
            nominations[1:],
        )
    assert twice.value.problems[0].code == "DUPLICATE"
    with pytest.raises(DomainError) as early:
        await run(runtime, city, elections.count_election, election)
    assert early.value.problems[0].code == "CONFLICT"  # the window is still open
    with pretend(now() + timedelta(days=1), timedelta(0)), pytest.raises(DomainError) as late:
        await run(
            runtime,
            admin_of(*voters[1]),
            elections.cast_ballot,
            election,
            voters[1][1],
            nominations[:1],
        )
    assert late.value.problems[0].code == "CONFLICT"


async def counts(runtime: Runtime) -> tuple[int, int, int]:
    async with runtime.db.read() as session:
        found = [
            int(await session.scalar(select(func.count()).select_from(m)) or 0)
            for m in (Nomination, BallotCast, Vote)
        ]
    return found[0], found[1], found[2]


async def test_200_ballots_at_once_are_each_counted_once_and_the_count_is_reproducible(
    runtime: Runtime,
) -> None:
    city, election, nominations, voters = await election_with_candidates(
        runtime, candidates=6, seats=5
    )
    for n in range(194):  # 200 signatories in all
        admin = await make_person(runtime.db, f"Röstare {n}")
        voters.append((admin, await signatory(runtime, f"Röstande förening {n}", admin)))

    async def vote(index: int, admin: Person, association: int) -> str:
        choice = [nominations[index % 6], nominations[(index * 7 + 1) % 6]]
        try:
            await run(
                runtime,
                admin_of(admin, association),
                elections.cast_ballot,
                election,
                association,
                sorted(set(choice)),
            )
        except DomainError as error:
            return str(error.problems[0].code)
        return "ok"

    # every association votes, and a tenth of them try twice at the same moment
    jobs = [vote(i, a, s) for i, (a, s) in enumerate(voters)] + [
        vote(i, a, s) for i, (a, s) in enumerate(voters) if i % 10 == 0
    ]
    answers = await asyncio.gather(*jobs)
    assert answers.count("ok") == 200
    assert answers.count("DUPLICATE") == 20
    async with runtime.db.read() as session:
        ballots = await session.scalar(select(func.count()).select_from(BallotCast))
        marks = dict(
            (
                await session.execute(
                    select(Vote.nomination_id, func.count()).group_by(Vote.nomination_id)
                )
            ).all()
        )
    assert ballots == 200
    with pretend(now() + timedelta(hours=3), timedelta(0)):
        counted = await run(runtime, city, elections.count_election, election)
    seed = counted.seed
    assert seed
    tally = {n: int(marks.get(n, 0)) for n in nominations}
    expected = ranking(tally, seed)[:5]
    async with runtime.db.read() as session:
        elected = sorted(
            (await session.scalars(select(Nomination.id).where(Nomination.elected.is_(True)))).all()
        )
        seats = (
            await session.scalars(select(SteeringSeat).order_by(SteeringSeat.term_ends_on))
        ).all()
    assert elected == sorted(expected)
    assert ranking(tally, seed) == ranking(tally, seed)  # the same seed, the same lot
    terms = [s.term_ends_on for s in seats]
    assert terms.count(date(2026, 12, 31)) == 2  # the two with fewest votes: one year
    assert terms.count(date(2027, 12, 31)) == 3


async def test_an_election_fills_only_the_seats_the_side_has_free(runtime: Runtime) -> None:
    city, election, nominations, voters = await election_with_candidates(
        runtime, candidates=3, seats=2
    )
    seated = await make_association(runtime.db, "Sittande förening")

    async def appoint_member(n: int) -> None:
        await run(
            runtime,
            city,
            appoint,
            Appointment(
                side="ASSOCIATIONS",
                name=f"Ledamot {n}",
                term_starts_on=date(2025, 6, 1),
                term_ends_on=date(2026, 5, 31),
                association_id=seated,
            ),
        )

    def plan(title: str, seats: int) -> ElectionPlan:
        return ElectionPlan(title, seats, now(), now() + timedelta(hours=1), date(2026, 1, 1))

    await appoint_member(0)
    await appoint_member(1)
    # two sitting, two held for the election under way: one left
    with pytest.raises(DomainError) as too_many:
        await run(runtime, city, elections.create_election, plan("För många", 2))
    assert (str(too_many.value.problems[0].code), too_many.value.problems[0].field) == (
        "CONFLICT",
        "seats",
    )
    await appoint_member(2)
    # the side is full now, the election's two seats included: no appointment takes them
    with pytest.raises(DomainError) as full:
        await appoint_member(3)
    assert str(full.value.problems[0].code) == "FULL"
    admin, association = voters[0]
    await run(
        runtime,
        admin_of(admin, association),
        elections.cast_ballot,
        election,
        association,
        nominations[:2],
    )
    with pretend(now() + timedelta(hours=3), timedelta(0)):
        counted = await run(runtime, city, elections.count_election, election)
    assert counted.counted_at is not None
    async with runtime.db.read() as session:
        elected = await session.scalar(
            select(func.count()).select_from(Nomination).where(Nomination.elected.is_(True))
        )
        seats = await session.scalar(select(func.count()).select_from(SteeringSeat))
    assert (elected, seats) == (2, 5)


async def test_two_elections_under_way_share_the_free_seats(runtime: Runtime) -> None:
    coordinator = await make_person(runtime.db, "Samordnare", coordinator=True)
    city = Viewer(user_id=coordinator.user_id, is_coordinator=True)

    def plan(title: str, seats: int) -> ElectionPlan:
        return ElectionPlan(title, seats, now(), now() + timedelta(hours=1), date(2027, 2, 1))

    await run(runtime, city, elections.create_election, plan("Första", 3))
    await run(runtime, city, elections.create_election, plan("Andra", 2))
    with pytest.raises(DomainError) as caught:
        await run(runtime, city, elections.create_election, plan("Tredje", 1))
    assert str(caught.value.problems[0].code) == "CONFLICT"
    async with runtime.db.read() as session:
        made = await session.scalar(select(func.count()).select_from(Election))
    assert made == 2


async def test_no_ballot_goes_in_after_the_count(runtime: Runtime) -> None:
    city, election, nominations, voters = await election_with_candidates(
        runtime, candidates=2, seats=1
    )
    with pretend(now() + timedelta(hours=3), timedelta(0)):
        await run(runtime, city, elections.count_election, election)
    # back inside the window (a ballot that was slow to arrive): counted is counted
    admin, association = voters[0]
    before = await counts(runtime)
    with pytest.raises(DomainError) as caught:
        await run(
            runtime,
            admin_of(admin, association),
            elections.cast_ballot,
            election,
            association,
            nominations[:1],
        )
    assert (caught.value.problems[0].code, caught.value.problems[0].field) == (
        "CONFLICT",
        "election_id",
    )
    assert await counts(runtime) == before
