"""The register's compiled reads (schema/compiled/): `association(slug)`, `associations(…)`
and an association's fields that come from its own row."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from sqlalchemy import Select, bindparam, exists, select

from app.services.associations import vocabulary
from app.services.associations.search import ORDER, filtered
from app.services.associations.search import AssociationFilter as Criteria
from app.services.associations.visibility import can_see_contact
from app.services.lookup import storable
from app.services.viewer import Viewer
from db.models import AgreementMembership, Association
from schema.compiled.spec import (
    Catalogue,
    Embedded,
    ListRoot,
    NodeSpec,
    OneRoot,
    column,
    computed,
    enum,
    for_viewer,
    global_id,
    time,
)

IN_AGREEMENT = (
    exists()
    .where(
        AgreementMembership.association_id == Association.id,
        AgreementMembership.left_at.is_(None),
    )
    .label("in_agreement")
)


def _contact(
    viewer: Viewer, public: bool, name: str | None, email: str | None, phone: str | None
) -> Mapping[str, object] | None:
    if not can_see_contact(viewer, public) or not (name or email or phone):
        return None
    return {"name": name, "email": email, "phone": phone}


BY_SLUG = select(Association).where(Association.slug == bindparam("slug"))


def _slug(arguments: Mapping[str, Any], _viewer: Viewer) -> Mapping[str, Any] | None:
    slug = arguments["slug"]
    return {"slug": slug} if storable(slug) else None  # as `text_is` finds no row for it


def _register(arguments: Mapping[str, Any], _viewer: Viewer) -> Select[Any]:
    given = arguments.get("filter") or {}  # as graphql-core coerces it: GraphQL names
    return filtered(
        Criteria(
            search=given.get("search"),
            categories=[vocabulary.Category(c) for c in given.get("categories") or ()],
            district=vocabulary.District(given["district"]) if given.get("district") else None,
            in_agreement=given.get("inAgreement"),
        )
    )


def _unfiltered(arguments: Mapping[str, Any], _viewer: Viewer) -> Hashable | None:
    """The whole register is one select for everyone."""
    return "register" if arguments.get("filter") is None else None


ASSOCIATION = NodeSpec(
    name="Association",
    key=Association.id,
    fields={
        "id": global_id("Association", Association.id),
        "slug": column(Association.slug),
        "name": column(Association.name),
        "organisationNumber": column(Association.organisation_number),
        "district": enum(Association.district, vocabulary.District),
        "website": column(Association.website),
        "foundedYear": column(Association.founded_year),
        "memberCount": column(Association.member_count),
        "contactPublic": column(Association.contact_public),
        "createdAt": time(Association.created_at),
        "updatedAt": time(Association.updated_at),
        "description": column(Association.description),  # in Swedish: no `language`
        "inAgreement": computed(IN_AGREEMENT, value=bool),  # SQLite says 1 or 0
        "contactPerson": Embedded(
            (
                Association.contact_public,
                Association.contact_name,
                Association.contact_email,
                Association.contact_phone,
            ),
            _contact,
            "ContactPerson",
            viewer=True,
        ),
        "viewerCanEdit": for_viewer(
            Association.id, value=lambda viewer, id_: viewer.can_manage_association(id_)
        ),
    },
)

READS = Catalogue(
    nodes={"Association": ASSOCIATION},
    roots={
        "association": OneRoot("Association", BY_SLUG, _slug),
        "associations": ListRoot(
            "Association",
            _register,
            ORDER,
            arguments=frozenset({"first", "after", "last", "before", "filter"}),
            shape=_unfiltered,
        ),
    },
)
