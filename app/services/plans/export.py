"""A plan to read or print: its activities grouped by principle and party, with progress and
the café answers behind each (Markdown), or one row per activity (CSV)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.cafe.vocabulary import SessionStatus
from app.services.errors import not_found
from app.services.plans.rollup import rolled_up
from app.services.plans.vocabulary import Party
from db.models import (
    ActionPlan,
    Activity,
    ActivityMotivation,
    CafeCluster,
    CafeNote,
    CafeSession,
    Principle,
)

PARTY_NAMES = {
    Party.CITY: "Helsingborgs stads aktiviteter",
    Party.ASSOCIATIONS: "Föreningslivets aktiviteter",
    Party.JOINT: "Gemensamma aktiviteter",
}


def _plain(text: str) -> str:
    """Text as Markdown shows it, not as markup."""
    for mark in ("\\", "*", "_", "#", "[", "]", "`", "<", ">"):
        text = text.replace(mark, "\\" + mark)
    return " ".join(text.split())


async def _answers(session: AsyncSession, activity_ids: list[int]) -> dict[int, list[str]]:
    rows = await session.execute(
        select(ActivityMotivation.activity_id, CafeCluster.name, CafeNote.text)
        .outerjoin(CafeCluster, CafeCluster.id == ActivityMotivation.cluster_id)
        .outerjoin(
            CafeNote, (CafeNote.id == ActivityMotivation.note_id) & CafeNote.deleted_at.is_(None)
        )
        .join(
            CafeSession,
            CafeSession.id == func.coalesce(CafeCluster.session_id, CafeNote.session_id),
        )
        .where(
            ActivityMotivation.activity_id.in_(activity_ids),
            # only what the café still makes public (it may have been made private since)
            CafeSession.is_public.is_(True),
            CafeSession.status == str(SessionStatus.CLOSED),
        )
        .order_by(ActivityMotivation.id)
    )
    found: dict[int, list[str]] = defaultdict(list)
    for activity_id, cluster, note in rows:
        if cluster or note:  # a note deleted since says nothing
            found[activity_id].append(cluster or note)
    return found


async def _plan(
    session: AsyncSession, plan_id: int
) -> tuple[ActionPlan, list[Activity], dict[str, str]]:
    plan = await session.get(ActionPlan, plan_id)
    if plan is None:
        raise not_found("action plan")
    activities = list(
        (
            await session.scalars(
                select(Activity).where(Activity.plan_id == plan_id).order_by(Activity.position)
            )
        ).all()
    )
    principles = {
        p.code: p.name
        for p in (await session.scalars(select(Principle).order_by(Principle.position))).all()
    }
    return plan, activities, principles


async def as_markdown(session: AsyncSession, plan_id: int) -> str:
    plan, activities, principles = await _plan(session, plan_id)
    answers = await _answers(session, [a.id for a in activities])
    total = (await rolled_up(session, [plan.id])).get((plan.id, None))
    lines = [
        f"# {_plain(plan.title)}",
        "",
        f"{plan.starts_on} – {plan.ends_on}. Framsteg: {total or 0} %.",
        "",
    ]
    for code, name in principles.items():
        mine = [a for a in activities if a.principle == code]
        if not mine:
            continue
        lines += [f"## {_plain(name)}", ""]
        for party, heading in PARTY_NAMES.items():
            theirs = [a for a in mine if a.party == party]
            if not theirs:
                continue
            lines += [f"### {heading}", ""]
            for activity in theirs:
                lines.append(
                    f"- {_plain(activity.title)} ({activity.progress} %, {activity.status})"
                )
                for answer in answers.get(activity.id, []):
                    lines.append(f"  - Från dialogmötena: {_plain(answer)}")
            lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


async def as_csv(session: AsyncSession, plan_id: int) -> str:
    _plan_row, activities, principles = await _plan(session, plan_id)
    answers = await _answers(session, [a.id for a in activities])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["principle", "party", "activity", "status", "progress", "due", "cafe_answers"])
    for activity in activities:
        writer.writerow(
            [
                principles.get(activity.principle, activity.principle),
                activity.party,
                _cell(activity.title),
                activity.status,
                activity.progress,
                activity.due_on.isoformat() if activity.due_on else "",
                _cell(" | ".join(answers.get(activity.id, []))),
            ]
        )
    return out.getvalue()
