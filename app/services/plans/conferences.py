"""The yearly agreement conference: each active activity's follow-up (its status and progress
as of that day, and a note), so that a plan can be read conference by conference."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.clock import now
from app.services.errors import ErrorCode, Problems, fail, not_found
from app.services.plans import access
from app.services.plans.events import ConferenceChanged, ConferenceEventKind, record
from app.services.plans.vocabulary import ActivityStatus
from app.services.validation import clean_text
from app.services.viewer import Viewer
from db.models import Activity, Conference, Event, FollowUp


async def create_conference(
    session: AsyncSession, viewer: Viewer, title: str, held_on: date, event_id: int | None = None
) -> Conference:
    access.require_coordinator(viewer, "holds conferences")
    problems = Problems()
    text = clean_text(problems, "title", title, max_length=200, required=True)
    problems.raise_if_any()
    if event_id is not None and await session.get(Event, event_id) is None:
        raise not_found("event", "event_id")
    conference = Conference(title=text or "", held_on=held_on, event_id=event_id, created_at=now())
    try:
        async with session.begin_nested():
            session.add(conference)
            await session.flush()
    except IntegrityError:
        raise fail(
            ErrorCode.DUPLICATE, "There is a conference on that day already.", "held_on"
        ) from None
    return conference


async def record_follow_up(
    session: AsyncSession, viewer: Viewer, conference_id: int, activity_id: int, note: str | None
) -> FollowUp:
    """The activity as it stands, recorded at the conference (again: the record is replaced)."""
    await access.require_editor(session, viewer)
    conference = await session.get(Conference, conference_id)
    if conference is None:
        raise not_found("conference", "conference_id")
    # row-locked: one follow-up per activity and conference, written one at a time
    activity = await session.get(
        Activity, activity_id, with_for_update=True, populate_existing=True
    )
    if activity is None:
        raise not_found("activity", "activity_id")
    problems = Problems()
    text = clean_text(problems, "note", note, max_length=2000, multiline=True)
    problems.raise_if_any()
    follow_up = await session.scalar(
        select(FollowUp).where(
            FollowUp.activity_id == activity.id, FollowUp.conference_id == conference.id
        )
    )
    if follow_up is None:
        follow_up = FollowUp(
            activity_id=activity.id,
            conference_id=conference.id,
            created_at=now(),
            status="",
            progress=0,
        )
        session.add(follow_up)
    follow_up.status, follow_up.progress, follow_up.note = activity.status, activity.progress, text
    await session.flush()
    await record(
        session,
        conference.id,
        ConferenceEventKind.FOLLOW_UP_RECORDED,
        ConferenceChanged(
            activity_id=activity.id, progress=activity.progress, status=activity.status
        ),
    )
    return follow_up


async def record_follow_ups(
    session: AsyncSession,
    viewer: Viewer,
    conference_id: int,
    activity_ids: list[int],
    note: str | None,
) -> list[FollowUp]:
    return [await record_follow_up(session, viewer, conference_id, a, note) for a in activity_ids]


async def follow_up_plan(
    session: AsyncSession, viewer: Viewer, conference_id: int, plan_id: int
) -> list[FollowUp]:
    """A follow-up for every active activity of the plan (planned or in progress)."""
    await access.require_editor(session, viewer)
    activities = (
        await session.scalars(
            select(Activity.id)
            .where(
                Activity.plan_id == plan_id,
                Activity.status.in_([ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS]),
            )
            .order_by(Activity.position)
        )
    ).all()
    return [await record_follow_up(session, viewer, conference_id, a, None) for a in activities]
