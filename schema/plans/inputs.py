"""Inputs of action plan mutations."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types.unset import UnsetType

from app.services.keep import KEEP
from app.services.plans.activities import ActivityFields
from app.services.translations import Translation
from schema.agreement.enums import PrincipleCodeEnum
from schema.associations.inputs import given, given_list
from schema.plans.enums import ActivityStatus, Party
from schema.relay import id_or_no_row


@strawberry.input
class ActionPlanCreateInput:
    title: str
    starts_on: date
    ends_on: date
    agreement_id: strawberry.ID | None = strawberry.field(
        default=None, description="The agreement period it belongs to (it must lie within it)."
    )


@strawberry.input
class ActivityTranslationInput:
    language: str
    title: str | None = None
    description: str | None = None


@strawberry.input(description="Fields of an activity; on update, leave out what stays.")
class ActivityFieldsInput:
    description: str | None = strawberry.UNSET
    translations: list[ActivityTranslationInput] | None = strawberry.field(
        default=strawberry.UNSET,
        description="Every translation it has (those left out are removed); not Swedish.",
    )
    responsible: str | None = strawberry.field(
        default=strawberry.UNSET, description="A city unit, in words."
    )
    responsible_association_ids: list[strawberry.ID] | None = strawberry.UNSET
    status: ActivityStatus | None = strawberry.UNSET
    status_reason: str | None = strawberry.field(
        default=strawberry.UNSET, description="Why it was dropped."
    )
    progress: int | None = strawberry.field(default=strawberry.UNSET, description="0-100.")
    weight: int | None = strawberry.field(
        default=strawberry.UNSET, description="Its weight in the roll-up (1 unless set)."
    )
    starts_on: date | None = strawberry.UNSET
    due_on: date | None = strawberry.UNSET
    note: str | None = strawberry.field(default=None, description="For the timeline.")

    def fields(
        self,
        *,
        principle: object,
        party: object,
        title: object,
    ) -> ActivityFields:
        def keep(value: object) -> object:
            return KEEP if isinstance(value, UnsetType) or value is None else value

        ids = self.responsible_association_ids
        return ActivityFields(
            principle=keep(principle),  # type: ignore[arg-type]
            party=keep(party),  # type: ignore[arg-type]
            title=keep(title),  # type: ignore[arg-type]
            description=given(self.description),
            responsible=given(self.responsible),
            responsible_association_ids=KEEP
            if isinstance(ids, UnsetType)
            else [id_or_no_row(i, "Association") for i in ids or []],
            status=keep(self.status),  # type: ignore[arg-type]
            status_reason=given(self.status_reason),
            progress=keep(self.progress),  # type: ignore[arg-type]
            weight=given(self.weight),
            starts_on=given(self.starts_on),
            due_on=given(self.due_on),
            translations=given_list(
                self.translations, lambda t: Translation(t.language, t.title, t.description)
            ),
            note=self.note,
        )


@strawberry.input
class ActivityCreateInput(ActivityFieldsInput):
    plan_id: strawberry.ID
    principle: PrincipleCodeEnum
    party: Party
    title: str


@strawberry.input
class ActivityUpdateInput(ActivityFieldsInput):
    id: strawberry.ID
    principle: PrincipleCodeEnum | None = strawberry.UNSET
    party: Party | None = strawberry.UNSET
    title: str | None = strawberry.UNSET


@strawberry.input
class ActivityLinkInput:
    id: strawberry.ID
    cluster_id: strawberry.ID | None = None
    note_id: strawberry.ID | None = None


@strawberry.input
class ConferenceCreateInput:
    title: str
    held_on: date
    event_id: strawberry.ID | None = None


@strawberry.input
class FollowUpInput:
    conference_id: strawberry.ID
    activity_id: strawberry.ID
    note: str | None = None


@strawberry.input
class PlanFollowUpInput:
    conference_id: strawberry.ID
    plan_id: strawberry.ID
