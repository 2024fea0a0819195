"""The `Agreement`, `ActionPlan`, `Activity` and `Conference` nodes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Self

import strawberry
from sqlalchemy import or_, select
from strawberry import relay

from app.services.cafe.vocabulary import SessionStatus
from app.services.pagination import count, paginate
from app.services.plans import access
from app.services.plans.rollup import rolled_up
from app.services.plans.vocabulary import ActivityStatus as ActivityStatusValue
from app.services.plans.vocabulary import Party as PartyValue
from app.services.plans.vocabulary import PlanStatus as PlanStatusValue
from app.services.translations import SWEDISH, in_language
from db.models import ActionPlan as PlanRow
from db.models import Activity as ActivityRow
from db.models import ActivityMotivation, CafeCluster, CafeNote, CafeSession
from db.models import AgreementPeriod as AgreementRow
from db.models import Conference as ConferenceRow
from db.models import FollowUp as FollowUpRow
from schema.accounts.loaders import users_by_id
from schema.agreement.loaders import principles_by_code
from schema.agreement.types import PrincipleNode
from schema.associations.loaders import associations_by_id
from schema.associations.types import AssociationNode
from schema.context import Info
from schema.loading import loader, nodes_by_ids
from schema.plans.enums import ActivityStatus, Party, PlanStatus
from schema.plans.loaders import (
    activities_by_id,
    agreement_plans,
    agreements_by_id,
    conferences_by_id,
    follow_ups_by_activity_id,
    motivations_by_activity_id,
    plan_activities,
    plans_by_id,
    sitting_in_steering_group,
    translations_by_activity_id,
    updates_by_activity_id,
)
from schema.relay import Connection, connection, id_or_no_row, page_request
from schema.sharing import scope_field, viewer_field


@strawberry.type(description="Progress of a group of a plan's activities (weighted mean).")
class GroupProgress:
    progress: int | None
    principle: PrincipleNode | None = None
    party: Party | None = None


@strawberry.type(description="One entry of an activity's timeline.")
class ActivityUpdateEntry:
    at: datetime
    author_name: str | None
    changes: strawberry.scalars.JSON = strawberry.field(description="field: [before, after]")
    note: str | None


@strawberry.type(name="MotivatingAnswer", description="A café answer that motivated an activity.")
class CafeAnswer:
    cluster_id: strawberry.ID | None
    note_id: strawberry.ID | None
    text: str = strawberry.field(description="The cluster's name, or the note's text.")


@strawberry.type(name="FollowUp", description="An activity as it stood at a conference.")
class FollowUpEntry:
    status: ActivityStatus
    progress: int
    note: str | None
    conference_id: strawberry.Private[int]

    @scope_field()
    async def conference(self, info: Info) -> ConferenceNode | None:
        row = await loader(info, conferences_by_id).load(self.conference_id)
        return ConferenceNode.from_row(row) if row is not None else None


@strawberry.type(name="Activity", description="An activity of an action plan.")
class ActivityNode(relay.Node):
    id: relay.NodeID[int]
    party: Party
    responsible: str | None
    status: ActivityStatus
    status_reason: str | None
    progress: int
    weight: int | None
    starts_on: date | None
    due_on: date | None
    updated_at: datetime
    row: strawberry.Private[ActivityRow]

    @classmethod
    def from_row(cls, row: ActivityRow) -> Self:
        return cls(
            id=row.id,
            party=PartyValue(row.party),
            responsible=row.responsible,
            status=ActivityStatusValue(row.status),
            status_reason=row.status_reason,
            progress=row.progress,
            weight=row.weight,
            starts_on=row.starts_on,
            due_on=row.due_on,
            updated_at=row.updated_at,
            row=row,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(info, activities_by_id, node_ids, cls.from_row)

    @scope_field(description="In Swedish, or in `language` where a translation exists.")
    async def title(self, info: Info, language: str | None = None) -> str:
        return await self._translated(info, language, "title") or self.row.title

    @scope_field(description="In Swedish, or in `language` where a translation exists.")
    async def description(self, info: Info, language: str | None = None) -> str:
        return await self._translated(info, language, "description") or self.row.description

    async def _translated(self, info: Info, language: str | None, part: str) -> str | None:
        if not language or language.strip().lower() in SWEDISH:
            return None  # the text itself: nothing to load
        rows = await loader(info, translations_by_activity_id).load(self.id)
        return in_language(rows, language, part)

    @scope_field()
    async def principle(self, info: Info) -> PrincipleNode | None:
        row = await loader(info, principles_by_code).load(self.row.principle)
        return PrincipleNode.from_row(row) if row is not None else None

    @scope_field()
    async def plan(self, info: Info) -> ActionPlanNode | None:
        row = await loader(info, plans_by_id).load(self.row.plan_id)
        return ActionPlanNode.from_row(row) if row is not None else None

    @scope_field(description="The associations responsible for it.")
    async def responsible_associations(self, info: Info) -> list[AssociationNode]:
        rows = await loader(info, associations_by_id).load_many(
            self.row.responsible_association_ids
        )
        return [AssociationNode.from_row(r) for r in rows if r is not None]

    @scope_field(description="The timeline: who changed what, when, with a note.")
    async def updates(self, info: Info) -> list[ActivityUpdateEntry]:
        rows = await loader(info, updates_by_activity_id).load(self.id)
        users = await loader(info, users_by_id).load_many([r.author_id or -1 for r in rows])
        return [
            ActivityUpdateEntry(
                at=r.at,
                author_name=u.display_name if u is not None else None,
                changes=r.changes,
                note=r.note,
            )
            for r, u in zip(rows, users, strict=True)
        ]

    @scope_field(description="What each conference recorded of it, in order.")
    async def follow_ups(self, info: Info) -> list[FollowUpEntry]:
        rows = await loader(info, follow_ups_by_activity_id).load(self.id)
        return [
            FollowUpEntry(
                status=ActivityStatusValue(r.status),
                progress=r.progress,
                note=r.note,
                conference_id=r.conference_id,
            )
            for r in rows
        ]

    @scope_field(description="The dialogue café answers that motivated it.")
    async def motivated_by(self, info: Info) -> list[CafeAnswer]:
        links = await loader(info, motivations_by_activity_id).load(self.id)
        if not links:
            return []
        async with info.context.db.read() as session:
            clusters = dict(
                (await session.execute(
                    select(CafeCluster.id, CafeCluster.name)
                    .join(CafeSession, CafeSession.id == CafeCluster.session_id)
                    .where(
                        CafeCluster.id.in_([x.cluster_id for x in links if x.cluster_id]),
                        PUBLIC_CAFE,
                    )
                )).all()
            )  # fmt: skip
            notes = dict(
                (await session.execute(
                    select(CafeNote.id, CafeNote.text)
                    .join(CafeSession, CafeSession.id == CafeNote.session_id)
                    .where(
                        CafeNote.id.in_([x.note_id for x in links if x.note_id]),
                        CafeNote.deleted_at.is_(None),  # a note deleted since says nothing
                        PUBLIC_CAFE,
                    )
                )).all()
            )  # fmt: skip
        return [
            CafeAnswer(
                cluster_id=_gid("CafeCluster", x.cluster_id),
                note_id=_gid("CafeNote", x.note_id),
                text=clusters.get(x.cluster_id, "") if x.cluster_id else notes.get(x.note_id, ""),
            )
            for x in links
            if x.cluster_id in clusters or x.note_id in notes
        ]

    @viewer_field(description="Whether the viewer may post an update (progress, status, note).")
    async def viewer_can_update(self, info: Info) -> bool:
        return access.responsible_member(info.context.viewer, self.row) or await viewer_edits(info)


async def _filtered(
    info: Info,
    plan_id: int,
    first: int | None,
    after: str | None,
    principle: str | None,
    party: PartyValue | None,
    status: ActivityStatusValue | None,
) -> Connection[ActivityNode]:
    """A plan's activities narrowed by principle, party or status (one statement)."""
    stmt = select(ActivityRow).where(ActivityRow.plan_id == plan_id)
    if principle is not None:
        stmt = stmt.where(ActivityRow.principle == principle)
    if party is not None:
        stmt = stmt.where(ActivityRow.party == str(party))
    if status is not None:
        stmt = stmt.where(ActivityRow.status == str(status))
    db = info.context.db
    async with db.read() as session:
        page = await paginate(
            session,
            stmt,
            (ActivityRow.position, ActivityRow.id),
            page_request(first, after),
            max_size=info.context.settings.max_page_size,
        )

    async def total() -> int:
        async with db.read() as session:
            return await count(session, stmt)

    return connection(page, ActivityNode.from_row, total)


# what an activity shows of a café answer, to anyone: only what its café still makes public
PUBLIC_CAFE = CafeSession.is_public.is_(True) & (CafeSession.status == str(SessionStatus.CLOSED))


async def viewer_edits(info: Info) -> bool:
    """The coordinator, or a sitting member of the steering group."""
    viewer = info.context.viewer
    if viewer.is_coordinator:
        return True
    if viewer.user_id is None:
        return False
    return await loader(info, sitting_in_steering_group).load(viewer.user_id)


def _gid(type_name: str, value: int | None) -> strawberry.ID | None:
    return None if value is None else strawberry.ID(relay.to_base64(type_name, value))


@strawberry.type(
    name="ActionPlan", description="A two-year plan of activities under the agreement."
)
class ActionPlanNode(relay.Node):
    id: relay.NodeID[int]
    title: str
    starts_on: date
    ends_on: date
    status: PlanStatus
    row: strawberry.Private[PlanRow]

    @classmethod
    def from_row(cls, row: PlanRow) -> Self:
        return cls(
            id=row.id,
            title=row.title,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            status=PlanStatusValue(row.status),
            row=row,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(info, plans_by_id, node_ids, cls.from_row)

    @scope_field(description="0-100: the activities' progress, weighted where weights are set.")
    async def progress(self, info: Info) -> int | None:
        async with info.context.db.read() as session:
            found = await rolled_up(session, [self.id])
        return found.get((self.id, None))

    @scope_field(description="Progress per principle, in the principles' order.")
    async def progress_by_principle(self, info: Info) -> list[GroupProgress]:
        async with info.context.db.read() as session:
            found = await rolled_up(session, [self.id], ActivityRow.principle)
        codes = [code for (_, code) in found]
        rows = await loader(info, principles_by_code).load_many([c for c in codes if c])
        made = [
            GroupProgress(progress=found[(self.id, r.code)], principle=PrincipleNode.from_row(r))
            for r in rows
            if r is not None
        ]
        return sorted(made, key=lambda g: g.principle.position if g.principle else 0)

    @scope_field(description="The agreement period the plan belongs to.")
    async def agreement(self, info: Info) -> AgreementNode | None:
        if self.row.period_id is None:
            return None
        row = await loader(info, agreements_by_id).load(self.row.period_id)
        return AgreementNode.from_row(row) if row is not None else None

    @scope_field(description="Progress per party.")
    async def progress_by_party(self, info: Info) -> list[GroupProgress]:
        async with info.context.db.read() as session:
            found = await rolled_up(session, [self.id], ActivityRow.party)
        return [
            GroupProgress(progress=value, party=PartyValue(party))
            for (_, party), value in sorted(found.items(), key=lambda kv: str(kv[0][1]))
            if party
        ]

    @scope_field(
        description="Activities in the plan's order; `principle`, `party`, `status` narrow."
    )
    async def activities(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        principle: str | None = None,
        party: Party | None = None,
        status: ActivityStatus | None = None,
    ) -> Connection[ActivityNode]:
        if principle is None and party is None and status is None:
            return await plan_activities.connection(
                info, self.id, first, after, ActivityNode.from_row
            )
        return await _filtered(info, self.id, first, after, principle, party, status)

    @scope_field(description="Each activity as the two conferences recorded it.")
    async def comparison(
        self, info: Info, first_conference_id: strawberry.ID, second_conference_id: strawberry.ID
    ) -> list[ActivityComparison]:
        wanted = [
            id_or_no_row(first_conference_id, "Conference"),
            id_or_no_row(second_conference_id, "Conference"),
        ]
        async with info.context.db.read() as session:
            rows = (
                await session.scalars(
                    select(ActivityRow)
                    .where(ActivityRow.plan_id == self.id)
                    .order_by(ActivityRow.position)
                )
            ).all()
            follow_ups = (
                await session.scalars(
                    select(FollowUpRow).where(
                        FollowUpRow.activity_id.in_([r.id for r in rows]),
                        FollowUpRow.conference_id.in_(wanted),
                    )
                )
            ).all()
        found = {(f.activity_id, f.conference_id): f for f in follow_ups}

        def entry(activity_id: int, conference_id: int) -> FollowUpEntry | None:
            f = found.get((activity_id, conference_id))
            if f is None:
                return None
            return FollowUpEntry(
                status=ActivityStatusValue(f.status),
                progress=f.progress,
                note=f.note,
                conference_id=f.conference_id,
            )

        return [
            ActivityComparison(
                activity=ActivityNode.from_row(r),
                before=entry(r.id, wanted[0]),
                after=entry(r.id, wanted[1]),
            )
            for r in rows
        ]

    @viewer_field(description="Whether the viewer may edit the plan and its activities.")
    async def viewer_can_edit(self, info: Info) -> bool:
        return await viewer_edits(info)


@strawberry.type(name="Conference", description="A yearly agreement conference.")
class ConferenceNode(relay.Node):
    id: relay.NodeID[int]
    title: str
    held_on: date
    event_id: strawberry.ID | None

    @classmethod
    def from_row(cls, row: ConferenceRow) -> Self:
        return cls(
            id=row.id, title=row.title, held_on=row.held_on, event_id=_gid("Event", row.event_id)
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(info, conferences_by_id, node_ids, cls.from_row)


async def activities_answering(
    info: Info, cluster_id: int | None, note_ids: tuple[int, ...]
) -> list[ActivityNode]:
    """The activities linked to a café answer: its cluster, or any of its notes."""
    conditions = []
    if cluster_id is not None:
        conditions.append(ActivityMotivation.cluster_id == cluster_id)
    if note_ids:
        conditions.append(ActivityMotivation.note_id.in_(note_ids))
    if not conditions:
        return []
    async with info.context.db.read() as session:
        rows = (
            await session.scalars(
                select(ActivityRow)
                .where(
                    ActivityRow.id.in_(
                        select(ActivityMotivation.activity_id).where(or_(*conditions))
                    )
                )
                .order_by(ActivityRow.plan_id, ActivityRow.position)
            )
        ).all()
    return [ActivityNode.from_row(row) for row in rows]


@strawberry.type(description="An activity as two conferences recorded it.")
class ActivityComparison:
    activity: ActivityNode
    before: FollowUpEntry | None = strawberry.field(description="At the first conference.")
    after: FollowUpEntry | None = strawberry.field(description="At the second.")


@strawberry.type(
    name="Agreement",
    description="A period of the local agreement (revised every four years) and the action "
    "plans it holds.",
)
class AgreementNode(relay.Node):
    id: relay.NodeID[int]
    title: str
    starts_on: date
    ends_on: date

    @classmethod
    def from_row(cls, row: AgreementRow) -> Self:
        return cls(id=row.id, title=row.title, starts_on=row.starts_on, ends_on=row.ends_on)

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(info, agreements_by_id, node_ids, cls.from_row)

    @scope_field(description="Its action plans, the earliest first.")
    async def action_plans(self, info: Info) -> list[ActionPlanNode]:
        rows = await loader(info, agreement_plans).load(self.id)
        return [ActionPlanNode.from_row(r) for r in rows]
