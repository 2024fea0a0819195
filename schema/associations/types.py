"""The `Association` node and what hangs off it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Self
from urllib.parse import urlencode

import strawberry
from strawberry import relay

from app.services.associations import vocabulary
from app.services.associations.visibility import can_see_contact
from db.models import Association as AssociationRow
from schema.accounts.enums import JoinRequestStatusEnum, MembershipRoleEnum
from schema.accounts.members import join_requests_of, members_of
from schema.accounts.types import JoinRequestNode, MembershipNode
from schema.agreement.loaders import (
    agreement_periods_by_association_id,
    agreement_requests_by_association_id,
)
from schema.agreement.types import AgreementPeriod
from schema.associations.enums import AssociationCategory, District, TargetGroup
from schema.associations.loaders import (
    association_umbrellas,
    associations_by_id,
    categories_by_association_id,
    target_groups_by_association_id,
    translations_by_association_id,
    umbrella_members,
)
from schema.context import Info
from schema.exchange.record import ExchangeRecord, exchange_records
from schema.loading import loader, nodes_by_ids
from schema.relay import Connection
from schema.sharing import scope_field, viewer_field


@strawberry.type(description="Who to contact at an association. Personal data.")
class ContactPerson:
    name: str | None
    email: str | None
    phone: str | None


@strawberry.type(description="The association's description in another language than Swedish.")
class AssociationTranslation:
    language: str
    description: str


def _best_translation(translations: Iterable[Any], language: str) -> str | None:
    wanted = language.strip().lower()
    by_language = {t.language.lower(): t.description for t in translations}
    return by_language.get(wanted) or by_language.get(wanted.split("-")[0])


@strawberry.type(name="Association", description="An association in the register.")
class AssociationNode(relay.Node):
    id: relay.NodeID[int]
    slug: str
    name: str
    organisation_number: str
    district: District | None
    website: str | None
    founded_year: int | None
    member_count: int | None
    contact_public: bool = strawberry.field(
        description="Whether the contact person is shown to everyone, not only to logged-in users."
    )
    created_at: datetime
    updated_at: datetime
    row: strawberry.Private[AssociationRow]

    @classmethod
    def from_row(cls, row: AssociationRow) -> Self:
        return cls(
            id=row.id,
            slug=row.slug,
            name=row.name,
            organisation_number=row.organisation_number,
            district=vocabulary.District(row.district) if row.district else None,
            website=row.website,
            founded_year=row.founded_year,
            member_count=row.member_count,
            contact_public=row.contact_public,
            created_at=row.created_at,
            updated_at=row.updated_at,
            row=row,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(info, associations_by_id, node_ids, cls.from_row)

    @scope_field(
        description="In Swedish, or in `language` (such as en or ar) where a translation exists."
    )
    async def description(self, info: Info, language: str | None = None) -> str:
        if language and language.lower() not in ("sv", "sv-se"):
            rows = await loader(info, translations_by_association_id).load(self.id)
            translated = _best_translation(rows, language)
            if translated:
                return translated
        return self.row.description

    @scope_field(description="Descriptions in other languages than Swedish.")
    async def translations(self, info: Info) -> list[AssociationTranslation]:
        rows = await loader(info, translations_by_association_id).load(self.id)
        return [
            AssociationTranslation(language=r.language, description=r.description) for r in rows
        ]

    @scope_field()
    async def categories(self, info: Info) -> list[AssociationCategory]:
        rows = await loader(info, categories_by_association_id).load(self.id)
        return [vocabulary.Category(r.category) for r in rows]

    @scope_field()
    async def target_groups(self, info: Info) -> list[TargetGroup]:
        rows = await loader(info, target_groups_by_association_id).load(self.id)
        return [vocabulary.TargetGroup(r.target_group) for r in rows]

    @scope_field(
        description="Null unless the viewer is logged in or the association made it public."
    )
    def contact_person(self, info: Info) -> ContactPerson | None:
        if not can_see_contact(info.context.viewer, self.row.contact_public):
            return None
        row = self.row
        if not (row.contact_name or row.contact_email or row.contact_phone):
            return None
        return ContactPerson(
            name=row.contact_name, email=row.contact_email, phone=row.contact_phone
        )

    @scope_field(
        description="Umbrella organisations this association belongs to, in Swedish order."
    )
    async def umbrella_organisations(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[AssociationNode]:
        return await association_umbrellas.connection(
            info, self.id, first, after, AssociationNode.from_row
        )

    @scope_field(
        description="Associations that belong to this umbrella organisation, in Swedish order."
    )
    async def member_organisations(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[AssociationNode]:
        return await umbrella_members.connection(
            info, self.id, first, after, AssociationNode.from_row
        )

    @scope_field(description="Whether the association is a party to the agreement today.")
    async def in_agreement(self, info: Info) -> bool:
        periods = await loader(info, agreement_periods_by_association_id).load(self.id)
        return any(period.left_at is None for period in periods)

    @scope_field(
        description="When the association asked to join the agreement, while its signing waits "
        "for the next conference; null otherwise."
    )
    async def agreement_requested_at(self, info: Info) -> datetime | None:
        requests = await loader(info, agreement_requests_by_association_id).load(self.id)
        pending = [r for r in requests if r.status == "PENDING"]
        return pending[-1].requested_at if pending else None

    @scope_field(description="When the association joined and left the agreement.")
    async def agreement_history(self, info: Info) -> list[AgreementPeriod]:
        periods = await loader(info, agreement_periods_by_association_id).load(self.id)
        return [AgreementPeriod.from_row(period) for period in periods]

    @strawberry.field(
        description="The association's own events as an iCalendar feed (a path on this server)."
    )
    def events_feed_url(self) -> str:
        return "/calendar/events.ics?" + urlencode(
            {"organiser": relay.to_base64("Association", self.id)}
        )

    @scope_field(
        description="What it gave and received through the exchange, and the thanks it got."
    )
    async def exchange_record(self, info: Info) -> ExchangeRecord:
        return await loader(info, exchange_records).load(self.id)

    @viewer_field(description="Whether the viewer may edit this association's page.")
    def viewer_can_edit(self, info: Info) -> bool:
        return info.context.viewer.can_manage_association(self.id)

    @viewer_field(description="The viewer's role in this association, if any.")
    def viewer_role(self, info: Info) -> MembershipRoleEnum | None:
        return info.context.viewer.role_in(self.id)

    @viewer_field(description="Members; visible to the association's members and the coordinator.")
    async def members(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[MembershipNode] | None:
        return await members_of(info, self.id, first, after)

    @viewer_field(
        description="Requests to join; visible to the association's admins and the coordinator."
    )
    async def join_requests(
        self,
        info: Info,
        status: JoinRequestStatusEnum | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[JoinRequestNode] | None:
        return await join_requests_of(info, self.id, status, first, after)
