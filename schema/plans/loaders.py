"""DataLoaders of the action plans."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy.orm import InstrumentedAttribute
from strawberry.dataloader import DataLoader

from app.services.plans import access
from db.models import (
    ActionPlan,
    Activity,
    ActivityMotivation,
    ActivityTranslation,
    ActivityUpdate,
    AgreementPeriod,
    Conference,
    FollowUp,
)
from schema.context import Context
from schema.loading import children, rows_by, rows_grouped_by


def plans_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, ActionPlan.id)


def agreements_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, AgreementPeriod.id)


def agreement_plans(context: Context) -> DataLoader[int, list[Any]]:
    period = cast("InstrumentedAttribute[int]", ActionPlan.period_id)  # the keys are set ones
    return rows_grouped_by(context, period, ActionPlan.starts_on, ActionPlan.id)


def activities_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, Activity.id)


def conferences_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, Conference.id)


def translations_by_activity_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, ActivityTranslation.activity_id, ActivityTranslation.language)


def updates_by_activity_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, ActivityUpdate.activity_id, ActivityUpdate.id)


def follow_ups_by_activity_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, FollowUp.activity_id, FollowUp.id)


def motivations_by_activity_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, ActivityMotivation.activity_id, ActivityMotivation.id)


plan_activities = children(Activity.plan_id, (Activity.position, Activity.id), default_size=None)


def sitting_in_steering_group(context: Context) -> DataLoader[int, bool]:
    """Whether a user holds a seat of the steering group today (the viewer, who edits then)."""

    async def load(keys: Sequence[int]) -> list[bool]:
        async with context.db.read() as session:
            return [await access.sits_in_steering_group(session, key) for key in keys]

    return DataLoader(load_fn=load)
