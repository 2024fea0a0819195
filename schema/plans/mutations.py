"""Action plan mutations: the plans' editors' (the coordinator and the steering group's sitting
members), but for the updates the associations responsible for an activity post
(`activityUpdate` with progress, status and a note) and the conferences the coordinator
holds."""

from __future__ import annotations

import strawberry

from app.services.plans import activities, conferences
from app.services.plans.vocabulary import PlanStatus as PlanStatusValue
from schema.context import Info
from schema.mutation import mutate, mutation
from schema.plans.enums import PlanStatus
from schema.plans.inputs import (
    ActionPlanCreateInput,
    ActivityCreateInput,
    ActivityLinkInput,
    ActivityUpdateInput,
    ConferenceCreateInput,
    FollowUpInput,
    PlanFollowUpInput,
)
from schema.plans.payloads import (
    ActionPlanPayload,
    ActivityDeletePayload,
    ActivityPayload,
    ConferencePayload,
    FollowUpPayload,
)
from schema.relay import decode_id


@strawberry.input
class PlanStatusInput:
    id: strawberry.ID
    status: PlanStatus


@strawberry.input
class ActivityIdInput:
    id: strawberry.ID


@strawberry.type
class PlanMutations:
    @mutation(description="A new action plan (a draft), in an agreement period if named.")
    async def action_plan_create(
        self, info: Info, input: ActionPlanCreateInput
    ) -> ActionPlanPayload:
        agreement = (
            None
            if input.agreement_id is None
            else decode_id(input.agreement_id, "Agreement", "agreement_id")
        )
        return ActionPlanPayload.of(
            await mutate(
                info,
                activities.create_plan,
                input.title,
                input.starts_on,
                input.ends_on,
                agreement,
            )
        )

    @mutation(description="Make a plan ACTIVE or CLOSED (a closed plan takes no changes).")
    async def action_plan_set_status(self, info: Info, input: PlanStatusInput) -> ActionPlanPayload:
        plan_id = decode_id(input.id, "ActionPlan")
        return ActionPlanPayload.of(
            await mutate(info, activities.set_plan_status, plan_id, PlanStatusValue(input.status))
        )

    @mutation(description="Add an activity under a principle and a party.")
    async def activity_create(self, info: Info, input: ActivityCreateInput) -> ActivityPayload:
        plan_id = decode_id(input.plan_id, "ActionPlan", "plan_id")
        fields = input.fields(principle=str(input.principle), party=input.party, title=input.title)
        return ActivityPayload.of(await mutate(info, activities.create_activity, plan_id, fields))

    @mutation(
        description="Change an activity (the plans' editors), or post its progress, status and a "
        "note (the associations responsible); every change goes into its timeline."
    )
    async def activity_update(self, info: Info, input: ActivityUpdateInput) -> ActivityPayload:
        activity_id = decode_id(input.id, "Activity")
        fields = input.fields(
            principle=None if not input.principle else str(input.principle),
            party=input.party,
            title=input.title,
        )
        return ActivityPayload.of(
            await mutate(info, activities.update_activity, activity_id, fields)
        )

    @mutation(description="Remove an activity; the plan's progress no longer counts it.")
    async def activity_delete(self, info: Info, input: ActivityIdInput) -> ActivityDeletePayload:
        activity_id = decode_id(input.id, "Activity")
        return ActivityDeletePayload.of(await mutate(info, activities.delete_activity, activity_id))

    @mutation(description="Link a café answer (a cluster or a note) that motivated an activity.")
    async def activity_link_cafe_answer(
        self, info: Info, input: ActivityLinkInput
    ) -> ActivityPayload:
        activity_id = decode_id(input.id, "Activity")
        cluster = (
            None
            if input.cluster_id is None
            else decode_id(input.cluster_id, "CafeCluster", "cluster_id")
        )
        note = None if input.note_id is None else decode_id(input.note_id, "CafeNote", "note_id")
        return ActivityPayload.of(
            await mutate(info, activities.link_cafe_answer, activity_id, cluster, note)
        )

    @mutation(description="A yearly agreement conference; for the coordinator.")
    async def conference_create(
        self, info: Info, input: ConferenceCreateInput
    ) -> ConferencePayload:
        event_id = (
            None if input.event_id is None else decode_id(input.event_id, "Event", "event_id")
        )
        return ConferencePayload.of(
            await mutate(info, conferences.create_conference, input.title, input.held_on, event_id)
        )

    @mutation(description="Record an activity as it stands at a conference, with a note.")
    async def follow_up_record(self, info: Info, input: FollowUpInput) -> FollowUpPayload:
        conference = decode_id(input.conference_id, "Conference", "conference_id")
        activity = decode_id(input.activity_id, "Activity", "activity_id")

        return FollowUpPayload.of(
            await mutate(info, conferences.record_follow_ups, conference, [activity], input.note)
        )

    @mutation(description="Record every active activity of a plan at a conference.")
    async def conference_follow_up_plan(
        self, info: Info, input: PlanFollowUpInput
    ) -> FollowUpPayload:
        conference = decode_id(input.conference_id, "Conference", "conference_id")
        plan = decode_id(input.plan_id, "ActionPlan", "plan_id")
        return FollowUpPayload.of(await mutate(info, conferences.follow_up_plan, conference, plan))
