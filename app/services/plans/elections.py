"""Electing the associations' members of the steering group, among the signatories.

Signatory associations nominate people (a member of a signatory association, who accepts);
during the voting window each signatory association casts one ballot (by one of its admins)
for up to as many candidates as there are seats. Who voted is kept (`BallotCast`, whose
primary key allows one ballot per association); for whom is kept apart, in `Vote` rows that
name no voter. After the window the coordinator counts: most votes first, ties broken by lot
drawn from a seed recorded with the result, so that anyone can recount; the elected with the
fewest votes get one-year terms as the election says (two of five the first time), the rest
two years, and take their seats.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.authority import current_role
from app.services.accounts.roles import MembershipRole
from app.services.clock import now
from app.services.errors import ErrorCode, Problems, fail, forbidden, not_found
from app.services.plans import access
from app.services.plans.events import ConferenceChanged, ConferenceEventKind, record
from app.services.plans.steering import require_room, term_end
from app.services.validation import clean_text
from app.services.viewer import Viewer
from db.models import (
    AgreementMembership,
    BallotCast,
    Conference,
    Election,
    Nomination,
    SteeringSeat,
    User,
    Vote,
)


@dataclass(frozen=True)
class ElectionPlan:
    title: str
    seats: int
    opens_at: datetime
    closes_at: datetime
    term_starts_on: date
    one_year_seats: int = 0
    conference_id: int | None = None


async def is_signatory(session: AsyncSession, association_id: int) -> bool:
    found = await session.scalar(
        select(AgreementMembership.id).where(
            AgreementMembership.association_id == association_id,
            AgreementMembership.left_at.is_(None),
        )
    )
    return found is not None


async def create_election(session: AsyncSession, viewer: Viewer, plan: ElectionPlan) -> Election:
    access.require_coordinator(viewer, "runs elections")
    problems = Problems()
    title = clean_text(problems, "title", plan.title, max_length=200, required=True)
    if not 1 <= plan.seats <= 5:
        problems.add(ErrorCode.INVALID, "Between 1 and 5 seats.", "seats")
    if not 0 <= plan.one_year_seats <= plan.seats:
        problems.add(ErrorCode.INVALID, "At most the number of seats.", "one_year_seats")
    if plan.closes_at <= plan.opens_at:
        problems.add(ErrorCode.INVALID, "The window must close after it opens.", "closes_at")
    problems.raise_if_any()
    if plan.conference_id is not None and await session.get(Conference, plan.conference_id) is None:
        raise not_found("conference", "conference_id")
    await require_room(session, plan.seats, plan.term_starts_on, "seats")
    election = Election(
        title=title or "",
        conference_id=plan.conference_id,
        seats=plan.seats,
        one_year_seats=plan.one_year_seats,
        term_starts_on=plan.term_starts_on,
        opens_at=plan.opens_at,
        closes_at=plan.closes_at,
        created_at=now(),
    )
    session.add(election)
    await session.flush()
    return election


async def _election(
    session: AsyncSession, election_id: int, field: str = "election_id"
) -> Election:
    election = await session.get(Election, election_id)
    if election is None:
        raise not_found("election", field)
    return election


async def nominate(
    session: AsyncSession,
    viewer: Viewer,
    election_id: int,
    nominating_association_id: int,
    user_id: int,
    nominee_association_id: int,
) -> Nomination:
    """A signatory association (by its admins) nominates a member of a signatory."""
    viewer_id = viewer.require_account()
    election = await _election(session, election_id)
    if election.counted_at is not None or now() >= election.closes_at:
        raise fail(ErrorCode.CONFLICT, "The election is over.", "election_id")
    if (
        not viewer.is_coordinator
        and await current_role(session, viewer_id, nominating_association_id)
        is not MembershipRole.ADMIN
    ):
        raise forbidden("Only a signatory association's admins nominate.")
    for association_id, field in (
        (nominating_association_id, "association_id"),
        (nominee_association_id, "nominee_association_id"),
    ):
        if not await is_signatory(session, association_id):
            raise fail(ErrorCode.INVALID, "Only signatories of the agreement take part.", field)
    if await current_role(session, user_id, nominee_association_id) is None:
        raise fail(ErrorCode.INVALID, "The nominee is no member of that association.", "user_id")
    nomination = Nomination(
        election_id=election.id,
        user_id=user_id,
        association_id=nominee_association_id,
        nominated_by_id=nominating_association_id,
        accepted=False,
        created_at=now(),
    )
    try:
        async with session.begin_nested():
            session.add(nomination)
            await session.flush()
    except IntegrityError:
        raise fail(ErrorCode.DUPLICATE, "That person is nominated already.", "user_id") from None
    return nomination


async def accept_nomination(
    session: AsyncSession, viewer: Viewer, nomination_id: int
) -> Nomination:
    user_id = viewer.require_account()
    nomination = await session.get(Nomination, nomination_id)
    if nomination is None:
        raise not_found("nomination")
    if nomination.user_id != user_id:
        raise forbidden("Only the nominee accepts a nomination.")
    election = await _election(session, nomination.election_id, "id")
    if election.counted_at is not None or now() >= election.closes_at:
        raise fail(ErrorCode.CONFLICT, "The election is over.", "id")
    nomination.accepted = True
    await session.flush()
    return nomination


async def cast_ballot(
    session: AsyncSession,
    viewer: Viewer,
    election_id: int,
    association_id: int,
    nomination_ids: list[int],
) -> Election:
    """One ballot per signatory association, by one of its admins, in the window, for at
    most as many accepted candidates as there are seats."""
    user_id = viewer.require_account()
    # a share of the election's row (PostgreSQL: FOR SHARE, as many ballots at once as come),
    # which the count's FOR UPDATE waits for: a ballot is in before the count, or refused
    election = await session.get(
        Election,
        election_id,
        with_for_update={"read": True},
        populate_existing=True,
    )
    if election is None:
        raise not_found("election", "election_id")
    moment = now()
    if election.counted_at is not None or not election.opens_at <= moment < election.closes_at:
        raise fail(ErrorCode.CONFLICT, "Voting is not open.", "election_id")
    if await current_role(session, user_id, association_id) is not MembershipRole.ADMIN:
        raise forbidden("Only the association's admins cast its ballot.")
    if not await is_signatory(session, association_id):
        raise fail(ErrorCode.INVALID, "Only signatories of the agreement vote.", "association_id")
    choices = sorted(set(nomination_ids))
    if len(choices) != len(nomination_ids) or not 1 <= len(choices) <= election.seats:
        raise fail(
            ErrorCode.INVALID, f"One to {election.seats} different candidates.", "nomination_ids"
        )
    valid = await session.scalar(
        select(func.count()).where(
            Nomination.id.in_(choices),
            Nomination.election_id == election.id,
            Nomination.accepted.is_(True),
        )
    )
    if valid != len(choices):
        raise fail(
            ErrorCode.INVALID, "Vote for accepted candidates of this election.", "nomination_ids"
        )
    try:
        async with session.begin_nested():
            session.add(
                BallotCast(
                    election_id=election.id,
                    association_id=association_id,
                    cast_by_id=user_id,
                    cast_at=moment,
                )
            )
            await session.flush()
    except IntegrityError:
        raise fail(
            ErrorCode.DUPLICATE, "The association has voted already.", "association_id"
        ) from None
    session.add_all(Vote(election_id=election.id, nomination_id=n) for n in choices)
    await session.flush()
    return election


def ranking(tally: dict[int, int], seed: str) -> list[int]:
    """Nominations by votes, most first; ties by lot: a draw from `seed` per nomination in
    id order, so the same seed gives the same order."""
    lot = random.Random(seed)  # noqa: S311  (a public, recorded lot, not a secret)
    draws = {nomination: lot.random() for nomination in sorted(tally)}
    return sorted(tally, key=lambda n: (-tally[n], draws[n]))


async def count_election(
    session: AsyncSession, viewer: Viewer, election_id: int, seed: str | None = None
) -> Election:
    """Count once the window has closed; the elected take their seats."""
    access.require_coordinator(viewer, "runs elections")
    election = await session.get(
        Election, election_id, with_for_update=True, populate_existing=True
    )
    if election is None:
        raise not_found("election", "id")
    if election.counted_at is not None:
        raise fail(ErrorCode.CONFLICT, "The election is counted already.", "id")
    if now() < election.closes_at:
        raise fail(ErrorCode.CONFLICT, "Voting is still open.", "id")
    nominations = list(
        (
            await session.scalars(
                select(Nomination).where(
                    Nomination.election_id == election.id, Nomination.accepted.is_(True)
                )
            )
        ).all()
    )
    votes = dict(
        (
            await session.execute(
                select(Vote.nomination_id, func.count())
                .where(Vote.election_id == election.id)
                .group_by(Vote.nomination_id)
            )
        ).all()
    )
    tally = {n.id: int(votes.get(n.id, 0)) for n in nominations}
    await require_room(
        session, min(election.seats, len(tally)), election.term_starts_on, "id", election.id
    )
    election.seed = seed or secrets.token_hex(8)
    order = ranking(tally, election.seed)
    elected = order[: election.seats]
    short = (
        set(elected[len(elected) - election.one_year_seats :]) if election.one_year_seats else set()
    )
    by_id = {n.id: n for n in nominations}
    names = dict(
        (
            await session.execute(
                select(User.id, User.display_name).where(
                    User.id.in_([n.user_id for n in nominations])
                )
            )
        ).all()
    )
    for nomination in nominations:
        nomination.votes = tally[nomination.id]
        nomination.elected = nomination.id in elected
    start = election.term_starts_on
    for nomination_id in elected:
        nomination = by_id[nomination_id]
        years = 1 if nomination_id in short else 2
        session.add(
            SteeringSeat(
                side="ASSOCIATIONS",
                position="MEMBER",
                name=names.get(nomination.user_id, ""),
                user_id=nomination.user_id,
                association_id=nomination.association_id,
                term_starts_on=start,
                term_ends_on=term_end(start, years),
                created_at=now(),
            )
        )
    election.counted_at = now()
    await session.flush()
    if election.conference_id is not None:
        await record(
            session,
            election.conference_id,
            ConferenceEventKind.ELECTION_COUNTED,
            ConferenceChanged(election_id=election.id),
        )
    return election
