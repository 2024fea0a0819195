"""Plans and their activities: created and edited by the coordinator and the steering group,
each change of an activity written to its timeline; updates posted by the associations
responsible. Titles and descriptions are Swedish, with translations that fall back to it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.cafe.vocabulary import SessionStatus
from app.services.clock import now
from app.services.errors import ErrorCode, Problems, fail, not_found
from app.services.keep import KEEP, Kept
from app.services.plans import access
from app.services.plans.agreements import require_within
from app.services.plans.vocabulary import ActivityStatus, Party, PlanStatus
from app.services.translations import Translation, clean_translations
from app.services.validation import clean_int, clean_text
from app.services.viewer import Viewer
from db.models import (
    ActionPlan,
    Activity,
    ActivityMotivation,
    ActivityTranslation,
    ActivityUpdate,
    Association,
    CafeCluster,
    CafeNote,
    CafeSession,
    Principle,
)

TITLE_MAX = 1000
DESCRIPTION_MAX = 5000


async def create_plan(
    session: AsyncSession,
    viewer: Viewer,
    title: str,
    starts_on: date,
    ends_on: date,
    agreement_id: int | None = None,
) -> ActionPlan:
    """A draft plan, in the agreement period it lies within (if named)."""
    await access.require_editor(session, viewer)
    problems = Problems()
    text = clean_text(problems, "title", title, max_length=200, required=True)
    if ends_on < starts_on:
        problems.add(ErrorCode.INVALID, "The plan must end after it starts.", "ends_on")
    problems.raise_if_any()
    if agreement_id is not None:
        await require_within(session, agreement_id, starts_on, ends_on)
    plan = ActionPlan(
        period_id=agreement_id,
        title=text or "",
        starts_on=starts_on,
        ends_on=ends_on,
        status=str(PlanStatus.DRAFT),
        created_at=now(),
    )
    session.add(plan)
    await session.flush()
    return plan


async def set_plan_status(
    session: AsyncSession, viewer: Viewer, plan_id: int, status: PlanStatus
) -> ActionPlan:
    await access.require_editor(session, viewer)
    plan = await session.get(ActionPlan, plan_id, with_for_update=True)
    if plan is None:
        raise not_found("action plan")
    plan.status = str(status)
    await session.flush()
    return plan


@dataclass(frozen=True)
class ActivityFields:
    """Each field is KEEP unless given; None clears an optional one."""

    principle: str | Kept = KEEP
    party: Party | Kept = KEEP
    title: str | Kept = KEEP
    description: str | Kept | None = KEEP
    responsible: str | Kept | None = KEEP
    responsible_association_ids: list[int] | Kept = KEEP
    status: ActivityStatus | Kept = KEEP
    status_reason: str | Kept | None = KEEP
    progress: int | Kept = KEEP
    weight: int | Kept | None = KEEP
    starts_on: date | Kept | None = KEEP
    due_on: date | Kept | None = KEEP
    translations: Sequence[Translation] | Kept = KEEP  # all of them: those left out go
    note: str | None = field(default=None)  # for the timeline entry


_TRACKED = (
    "principle",
    "party",
    "title",
    "description",
    "responsible",
    "responsible_association_ids",
    "status",
    "status_reason",
    "progress",
    "weight",
    "starts_on",
    "due_on",
)


def _any(value: object) -> Any:
    """A field known to be given (not KEEP)."""
    return value


async def _clean(
    session: AsyncSession, fields: ActivityFields, creating: bool, current: Activity | None
) -> dict[str, Any]:
    problems = Problems()
    values: dict[str, Any] = {}

    def given(name: str) -> bool:
        return getattr(fields, name) is not KEEP

    if given("title") or creating:
        title = fields.title if fields.title is not KEEP else None
        values["title"] = clean_text(problems, "title", title, max_length=TITLE_MAX, required=True)
    if given("description"):
        values["description"] = (
            clean_text(
                problems,
                "description",
                _any(fields.description),
                max_length=DESCRIPTION_MAX,
                multiline=True,
            )
            or ""
        )
    if given("principle") or creating:
        code = fields.principle if fields.principle is not KEEP else None
        if code is None or await session.get(Principle, code) is None:
            problems.add(ErrorCode.INVALID, "One of the six principles' codes.", "principle")
        values["principle"] = code
    if given("party"):
        values["party"] = str(fields.party)
    elif creating:
        problems.add(ErrorCode.REQUIRED, "CITY, ASSOCIATIONS or JOINT.", "party")
    if given("responsible"):
        values["responsible"] = clean_text(
            problems, "responsible", _any(fields.responsible), max_length=200
        )
    if given("responsible_association_ids"):
        ids = sorted(set(_any(fields.responsible_association_ids)))
        found = (
            await session.scalar(select(func.count()).where(Association.id.in_(ids))) if ids else 0
        )
        if found != len(ids):
            problems.add(
                ErrorCode.NOT_FOUND,
                "No association with one of those ids.",
                "responsible_association_ids",
            )
        values["responsible_association_ids"] = ids
    if given("progress"):
        values["progress"] = clean_int(
            problems, "progress", _any(fields.progress), minimum=0, maximum=100
        )
    if given("weight"):
        values["weight"] = clean_int(
            problems, "weight", _any(fields.weight), minimum=1, maximum=100
        )
    for name in ("starts_on", "due_on"):
        if given(name):
            values[name] = getattr(fields, name)
    if given("status_reason"):
        values["status_reason"] = clean_text(
            problems, "status_reason", _any(fields.status_reason), max_length=2000, multiline=True
        )
    if given("status"):
        values["status"] = str(fields.status)
    merged = {**({n: getattr(current, n) for n in _TRACKED} if current else {}), **values}
    if (
        merged.get("status") == ActivityStatus.DROPPED
        and not (merged.get("status_reason") or "").strip()
    ):
        problems.add(ErrorCode.REQUIRED, "A dropped activity says why.", "status_reason")
    start, due = merged.get("starts_on"), merged.get("due_on")
    if start is not None and due is not None and due < start:
        problems.add(ErrorCode.INVALID, "Due before it starts.", "due_on")
    problems.raise_if_any()
    return values


def _note(text: str | None) -> str | None:
    """The timeline entry's note, checked."""
    problems = Problems()
    note = clean_text(problems, "note", text, max_length=2000, multiline=True)
    problems.raise_if_any()
    return note


def _translations(fields: ActivityFields) -> list[Translation] | None:
    if fields.translations is KEEP:
        return None
    problems = Problems()
    cleaned = clean_translations(
        problems,
        _any(fields.translations),
        title_max=TITLE_MAX,
        description_max=DESCRIPTION_MAX,
    )
    problems.raise_if_any()
    return cleaned


async def _store_translations(
    session: AsyncSession, activity_id: int, translations: list[Translation] | None
) -> None:
    if translations is None:
        return
    await session.execute(
        delete(ActivityTranslation).where(ActivityTranslation.activity_id == activity_id)
    )
    session.add_all(
        ActivityTranslation(
            activity_id=activity_id,
            language=t.language,
            title=t.title or "",
            description=t.description or "",
        )
        for t in translations
    )


async def _open_plan(session: AsyncSession, plan_id: int, field: str = "plan_id") -> ActionPlan:
    plan = await session.get(ActionPlan, plan_id, with_for_update=True)
    if plan is None:
        raise not_found("action plan", field)
    if plan.status == PlanStatus.CLOSED:
        raise fail(ErrorCode.CONFLICT, "The plan is closed.", field)
    return plan


async def create_activity(
    session: AsyncSession, viewer: Viewer, plan_id: int, fields: ActivityFields
) -> Activity:
    user_id = await access.require_editor(session, viewer)
    plan = await _open_plan(session, plan_id)
    values = await _clean(session, fields, True, None)
    translations = _translations(fields)
    note = _note(fields.note)
    position = await session.scalar(
        select(func.coalesce(func.max(Activity.position), 0)).where(Activity.plan_id == plan.id)
    )
    moment = now()
    defaults = {
        "description": "",
        "responsible_association_ids": [],
        "status": str(ActivityStatus.PLANNED),
        "progress": 0,
    }
    activity = Activity(
        plan_id=plan.id,
        position=int(position or 0) + 1,
        created_at=moment,
        updated_at=moment,
        **(defaults | values),
    )
    session.add(activity)
    await session.flush()
    await _store_translations(session, activity.id, translations)
    session.add(
        ActivityUpdate(
            activity_id=activity.id,
            author_id=user_id,
            at=moment,
            changes={"created": [None, True]},
            note=note,
        )
    )
    await session.flush()
    return activity


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


async def _change(
    session: AsyncSession,
    activity: Activity,
    values: dict[str, Any],
    user_id: int,
    note: str | None,
    translations: list[Translation] | None = None,
) -> Activity:
    changes = {
        name: [_json(getattr(activity, name)), _json(value)]
        for name, value in values.items()
        if getattr(activity, name) != value
    }
    if translations is not None:
        before = await session.scalars(
            select(ActivityTranslation.language)
            .where(ActivityTranslation.activity_id == activity.id)
            .order_by(ActivityTranslation.language)
        )
        changes["translations"] = [list(before), sorted(t.language for t in translations)]
        await _store_translations(session, activity.id, translations)
    for name, value in values.items():
        setattr(activity, name, value)
    if values.get("progress") == 100 and "status" not in values:
        activity.status = str(ActivityStatus.DONE)
    moment = now()
    activity.updated_at = moment
    session.add(
        ActivityUpdate(
            activity_id=activity.id, author_id=user_id, at=moment, changes=changes, note=note
        )
    )
    await session.flush()
    return activity


async def _activity(session: AsyncSession, activity_id: int) -> Activity:
    activity = await session.get(
        Activity, activity_id, with_for_update=True, populate_existing=True
    )
    if activity is None:
        raise not_found("activity")
    return activity


async def update_activity(
    session: AsyncSession, viewer: Viewer, activity_id: int, fields: ActivityFields
) -> Activity:
    """The coordinator and the steering group edit anything; the associations responsible
    post progress, status and a note (an update in the timeline)."""
    activity = await _activity(session, activity_id)
    await _open_plan(session, activity.plan_id, "id")
    if await access.is_editor(session, viewer):
        user_id = viewer.require_account()
    else:
        user_id = await access.require_updater(session, viewer, activity)
        beyond = [
            n
            for n in _TRACKED
            if n not in ("progress", "status", "status_reason") and getattr(fields, n) is not KEEP
        ]
        if fields.translations is not KEEP:
            beyond.append("translations")
        if beyond:
            raise fail(
                ErrorCode.FORBIDDEN,
                "The associations responsible post progress and status.",
                beyond[0],
            )
    values = await _clean(session, fields, False, activity)
    translations = _translations(fields)
    note = _note(fields.note)
    return await _change(session, activity, values, user_id, note, translations)


async def delete_activity(session: AsyncSession, viewer: Viewer, activity_id: int) -> int:
    await access.require_editor(session, viewer)
    activity = await _activity(session, activity_id)
    await _open_plan(session, activity.plan_id, "id")
    await session.delete(activity)
    await session.flush()
    return activity_id


async def link_cafe_answer(
    session: AsyncSession,
    viewer: Viewer,
    activity_id: int,
    cluster_id: int | None,
    note_id: int | None,
) -> Activity:
    """An activity answers a café answer (a cluster, or a note)."""
    await access.require_editor(session, viewer)
    activity = await _activity(session, activity_id)
    if (cluster_id is None) == (note_id is None):
        raise fail(ErrorCode.INVALID, "Name a cluster or a note.", "cluster_id")
    answer: CafeCluster | CafeNote | None
    if cluster_id is not None:
        answer, field_name = await session.get(CafeCluster, cluster_id), "cluster_id"
    else:
        answer, field_name = await session.get(CafeNote, note_id), "note_id"
    if answer is None or (isinstance(answer, CafeNote) and answer.deleted_at is not None):
        raise not_found("café answer", field_name)
    # the activity shows the answer to anyone: only what a public, closed café made public
    cafe = await session.get(CafeSession, answer.session_id)
    if cafe is None or not cafe.is_public or cafe.status != SessionStatus.CLOSED:
        raise fail(
            ErrorCode.INVALID,
            "Only answers of a public café that has closed can be linked: the activity shows "
            "them to anyone.",
            field_name,
        )
    exists = await session.scalar(
        select(ActivityMotivation.id).where(
            ActivityMotivation.activity_id == activity.id,
            ActivityMotivation.cluster_id.is_(None)
            if cluster_id is None
            else ActivityMotivation.cluster_id == cluster_id,
            ActivityMotivation.note_id.is_(None)
            if note_id is None
            else ActivityMotivation.note_id == note_id,
        )
    )
    if exists is None:
        session.add(
            ActivityMotivation(activity_id=activity.id, cluster_id=cluster_id, note_id=note_id)
        )
        await session.flush()
    return activity
