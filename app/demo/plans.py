"""The demo action plans, read from the seeds as written: every activity of the plans
2018-19 and 2023-24 under its principle and party, with plausible progress, follow-ups from
the conferences of 2023 and 2024, and links from some activities to the 2016 café answers
they answer."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.roles import MembershipRole
from app.services.agreement.signatories import join_agreement
from app.services.clock import CITY_ZONE, pretend
from app.services.plans.activities import (
    ActivityFields,
    create_activity,
    create_plan,
    link_cafe_answer,
    set_plan_status,
    update_activity,
)
from app.services.plans.agreements import create_agreement_period
from app.services.plans.conferences import create_conference, follow_up_plan
from app.services.plans.elections import (
    ElectionPlan,
    accept_nomination,
    cast_ballot,
    count_election,
    create_election,
    nominate,
)
from app.services.plans.steering import Appointment, appoint
from app.services.plans.vocabulary import ActivityStatus, Party, PlanStatus
from app.services.viewer import Viewer
from db.models import CafeCluster, Conference, Event

ASKING = "Geologiklubben i Helsingborg"  # asks to join; confirmed at the coming conference
SEEDS = Path(__file__).resolve().parents[2] / "docs" / "seeds"
PRINCIPLES = {
    "självständighet och oberoende": "AUTONOMY",
    "dialog": "DIALOGUE",
    "kvalitet": "QUALITY",
    "långsiktighet": "LONG_TERM",
    "öppenhet och insyn": "OPENNESS",
    "mångfald och förnyelse": "DIVERSITY",
}
_PRINCIPLE = re.compile(r"^(?:#+\s*)?\**\s*Principen om (.+?)\s*\**\s*$")
# activity words → the 2016 café cluster they answer
ANSWERS = {
    "föreningsregist": "Ett föreningsregister och en portal",
    "konferens": "Mötesplatser och träffar",
    "dialogmöten": "Mötesplatser och träffar",
    "ekonomiska stöd": "Långsiktiga villkor för stödet",
    "samverka med andra föreningar": "Samarbete och gemensamma projekt",
}


@dataclass(frozen=True)
class SeedActivity:
    principle: str
    party: Party
    title: str


def activities_in(text: str) -> list[SeedActivity]:
    """Each bullet under a party's heading under a principle, in the order written."""
    found: list[SeedActivity] = []
    principle: str | None = None
    party: Party | None = None
    for raw in text.splitlines():
        line = raw.strip()
        heading = _PRINCIPLE.match(line)
        if heading:
            principle, party = PRINCIPLES.get(heading.group(1).strip("* ").lower()), None
            continue
        if "stads aktiviteter" in line or line == "Helsingborgs stad":
            party = Party.CITY
        elif line.startswith("Föreningslivets aktiviteter"):
            party = Party.ASSOCIATIONS
        elif line.startswith("- ") and principle and party:
            title = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line[2:]).strip()
            found.append(SeedActivity(principle, party, title))
    return found


# the agreement is revised every four years
AGREEMENTS = (
    ("Lokal överenskommelse 2018–2022", date(2018, 1, 1), date(2022, 12, 31)),
    ("Lokal överenskommelse 2023–2026", date(2023, 1, 1), date(2026, 12, 31)),
)
PLANS = (
    ("Handlingsplan 2018–2019", date(2018, 1, 1), date(2019, 12, 31),
     "lokal-overenskommelse-med-handlingsplan-2018-2019.txt", PlanStatus.CLOSED),
    ("Handlingsplan 2023–2024", date(2023, 1, 1), date(2024, 12, 31),
     "handlingsplan-2023-2024.md", PlanStatus.ACTIVE),
)  # fmt: skip


async def next_conference(session: AsyncSession, coordinator: Viewer, ids: dict[str, int]) -> None:
    """The coming conference (the calendar's), and an association that asked to join and
    waits for it to confirm its signing."""
    event = await session.scalar(
        select(Event).where(Event.type == "CONFERENCE").order_by(Event.starts_at)
    )
    if event is None:
        return
    await create_conference(
        session,
        coordinator,
        event.title,
        event.starts_at.astimezone(CITY_ZONE).date(),
        event.id,
    )
    await join_agreement(session, coordinator, ids[ASKING])


async def load_plans(session: AsyncSession, coordinator: Viewer) -> None:
    rng = random.Random(2023)  # noqa: S311  (plausible progress, not a secret)
    clusters = {c.name: c.id for c in (await session.scalars(select(CafeCluster))).all()}
    conferences = [
        await create_conference(
            session, coordinator, "Överenskommelsekonferensen 2023", date(2023, 10, 12)
        ),
        await create_conference(
            session, coordinator, "Överenskommelsekonferensen 2024", date(2024, 10, 10)
        ),
    ]
    periods = [
        await create_agreement_period(session, coordinator, title, starts, ends)
        for title, starts, ends in AGREEMENTS
    ]
    for title, starts, ends, seed, status in PLANS:
        period = next(p for p in periods if p.starts_on <= starts and ends <= p.ends_on)
        plan = await create_plan(session, coordinator, title, starts, ends, period.id)
        activities = []
        for item in activities_in((SEEDS / seed).read_text()):
            activity = await create_activity(
                session,
                coordinator,
                plan.id,
                ActivityFields(principle=item.principle, party=item.party, title=item.title),
            )
            activities.append(activity)
            for words, cluster in ANSWERS.items():
                if words in item.title.lower() and cluster in clusters:
                    await link_cafe_answer(
                        session, coordinator, activity.id, clusters[cluster], None
                    )
        if status is PlanStatus.ACTIVE:
            await set_plan_status(session, coordinator, plan.id, PlanStatus.ACTIVE)
            for conference, reach in zip(conferences, (40, 80), strict=True):
                for activity in activities:
                    progress = min(100, rng.randrange(reach // 2, reach + 21, 5))
                    await update_activity(
                        session,
                        coordinator,
                        activity.id,
                        ActivityFields(
                            progress=progress,
                            status=ActivityStatus.DONE
                            if progress == 100
                            else ActivityStatus.IN_PROGRESS,
                            note="Uppföljt inför konferensen.",
                        ),
                    )
                await follow_up_plan(session, coordinator, conference.id, plan.id)
        else:
            for activity in activities:
                await update_activity(
                    session,
                    coordinator,
                    activity.id,
                    ActivityFields(progress=100, note="Genomförd."),
                )
            await set_plan_status(session, coordinator, plan.id, PlanStatus.CLOSED)


CITY_MEMBERS = ("Eva Strand", "Jonas Falk", "Leila Haddad", "Per Ahlgren")
ASSOCIATION_MEMBERS = (
    ("Karin Nilsson", "Helsingborgs IF"),
    ("Per Möller", "Råå IF"),
    ("Amir Begić", "BiH – S04"),
    ("Sofia Wendt", "FUB Helsingborg"),
)


async def load_steering_group(
    session: AsyncSession, coordinator: Viewer, ids: dict[str, int]
) -> None:
    """Five seats a side for 2025–2026; the city chairs 2025, the associations 2026."""
    whole = (date(2025, 1, 1), date(2026, 12, 31))
    first, second = (date(2025, 1, 1), date(2025, 12, 31)), (date(2026, 1, 1), date(2026, 12, 31))
    for name in CITY_MEMBERS:
        await appoint(session, coordinator, Appointment("CITY", name, *whole))
    await appoint(session, coordinator, Appointment("CITY", "Maria Holmberg", *first, chair=True))
    await appoint(session, coordinator, Appointment("CITY", "Maria Holmberg", *second))
    for name, association in ASSOCIATION_MEMBERS:
        await appoint(
            session,
            coordinator,
            Appointment("ASSOCIATIONS", name, *whole, association_id=ids[association]),
        )
    chair = ("Lena Sjöberg", ids["Skånes föreningar"])
    await appoint(
        session, coordinator, Appointment("ASSOCIATIONS", chair[0], *first, association_id=chair[1])
    )
    await appoint(
        session,
        coordinator,
        Appointment(
            "ASSOCIATIONS",
            chair[0],
            *second,
            chair=True,
            association_id=chair[1],
            shares="lena@skanesforeningar.example",
        ),
    )


async def load_past_election(
    session: AsyncSession, coordinator: Viewer, ids: dict[str, int], people: dict[str, int]
) -> None:
    """The election held at the 2024 conference for the associations' seats from 2027 (two of
    them, in this demo): candidates of two signatories, their ballots, the count and its seed."""
    held = datetime(2024, 10, 10, 13, 0, tzinfo=CITY_ZONE)
    conference = await session.scalar(select(Conference).where(Conference.held_on == held.date()))
    hif, raa = ids["Helsingborgs IF"], ids["Råå IF"]
    with pretend(held - timedelta(days=14), timedelta(0)):
        election = await create_election(
            session,
            coordinator,
            ElectionPlan(
                "Val till styrgruppen 2024",
                2,
                held,
                held + timedelta(hours=3),
                date(2027, 1, 1),
                one_year_seats=0,
                conference_id=conference.id if conference else None,
            ),
        )
        candidates = []
        for association, email in (
            (hif, "admin.hif@samverka.example"),
            (raa, "admin.raa@samverka.example"),
        ):
            admin = Viewer(user_id=people[email], roles={association: MembershipRole.ADMIN})
            made = await nominate(
                session, admin, election.id, association, people[email], association
            )
            await accept_nomination(session, Viewer(user_id=people[email]), made.id)
            candidates.append((admin, association, made.id))
    with pretend(held + timedelta(hours=1), timedelta(0)):
        for admin, association, _ in candidates:
            await cast_ballot(session, admin, election.id, association, [c[2] for c in candidates])
    with pretend(held + timedelta(hours=4), timedelta(0)):
        await count_election(session, coordinator, election.id, seed="2024-10-10")
