"""Payloads of action plan mutations."""

from __future__ import annotations

import strawberry
from strawberry import relay

from app.services.plans.vocabulary import ActivityStatus
from db.models import ActionPlan, Activity, Conference, FollowUp
from schema.errors import UserError
from schema.mutation import Outcome
from schema.plans.types import ActionPlanNode, ActivityNode, ConferenceNode, FollowUpEntry


@strawberry.type
class ActionPlanPayload:
    action_plan: ActionPlanNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[ActionPlan]) -> ActionPlanPayload:
        row = outcome.value
        return cls(action_plan=ActionPlanNode.from_row(row) if row else None, errors=outcome.errors)


@strawberry.type
class ActivityPayload:
    activity: ActivityNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[Activity]) -> ActivityPayload:
        row = outcome.value
        return cls(activity=ActivityNode.from_row(row) if row else None, errors=outcome.errors)


@strawberry.type
class ActivityDeletePayload:
    deleted_id: strawberry.ID | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[int]) -> ActivityDeletePayload:
        value = outcome.value
        deleted = None if value is None else strawberry.ID(relay.to_base64("Activity", value))
        return cls(deleted_id=deleted, errors=outcome.errors)


@strawberry.type
class ConferencePayload:
    conference: ConferenceNode | None
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[Conference]) -> ConferencePayload:
        row = outcome.value
        return cls(conference=ConferenceNode.from_row(row) if row else None, errors=outcome.errors)


@strawberry.type
class FollowUpPayload:
    follow_ups: list[FollowUpEntry]
    errors: list[UserError]

    @classmethod
    def of(cls, outcome: Outcome[list[FollowUp]]) -> FollowUpPayload:
        rows = outcome.value or []
        return cls(
            follow_ups=[
                FollowUpEntry(
                    status=ActivityStatus(r.status),
                    progress=r.progress,
                    note=r.note,
                    conference_id=r.conference_id,
                )
                for r in rows
            ],
            errors=outcome.errors,
        )
