"""Inputs of register queries and mutations."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import strawberry
from strawberry.types.unset import UnsetType

from app.services.associations import vocabulary
from app.services.associations.fields import AssociationFields, ContactPerson, Translation
from app.services.associations.vocabulary import Category
from app.services.keep import KEEP, Kept
from schema.associations.enums import AssociationCategory, District, TargetGroup
from schema.relay import id_or_no_row


@strawberry.input(description="Narrows the register; every given criterion must hold.")
class AssociationFilter:
    search: str | None = strawberry.field(
        default=None,
        description="Words or word beginnings in name, description or categories, in any "
        "script; case and accents don't matter, but å, ä and ö are letters of their own. "
        "Every word must match. Text with no letter or digit (such as `!!!`) finds nothing; "
        "empty text does not narrow.",
    )
    categories: list[AssociationCategory] | None = strawberry.field(
        default=None, description="Any of these categories."
    )
    district: District | None = None
    in_agreement: bool | None = strawberry.field(
        default=None, description="Only parties to the agreement (true) or only others (false)."
    )


@strawberry.input
class ContactPersonInput:
    name: str | None = None
    email: str | None = None
    phone: str | None = None


@strawberry.input
class TranslationInput:
    language: str = strawberry.field(description="A language code such as en, ar or fa.")
    description: str


T = TypeVar("T")
R = TypeVar("R")


def given(value: T | UnsetType) -> T | Kept:
    """KEEP for a field the client left out; its value (perhaps null) otherwise."""
    return KEEP if isinstance(value, UnsetType) else value


def given_list(value: list[T] | UnsetType | None, convert: Callable[[T], R]) -> list[R] | Kept:
    """A left-out list is KEPT; null clears it like an empty list."""
    if isinstance(value, UnsetType):
        return KEEP
    return [convert(item) for item in value or []]


def required_text(value: str | UnsetType | None) -> str | Kept:
    """A required text: KEEP when left out; null counts as empty (and fails validation)."""
    return KEEP if isinstance(value, UnsetType) else value or ""


def _contact(value: ContactPersonInput | None) -> ContactPerson | None:
    return None if value is None else ContactPerson(value.name, value.email, value.phone)


@strawberry.input(description="Fields of an association; on update, leave out what stays.")
class AssociationFieldsInput:
    description: str | None = strawberry.UNSET
    translations: list[TranslationInput] | None = strawberry.UNSET
    categories: list[AssociationCategory] | None = strawberry.UNSET
    target_groups: list[TargetGroup] | None = strawberry.UNSET
    district: District | None = strawberry.UNSET
    website: str | None = strawberry.UNSET
    founded_year: int | None = strawberry.UNSET
    member_count: int | None = strawberry.UNSET
    contact_person: ContactPersonInput | None = strawberry.UNSET
    contact_public: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description="Show the contact person to everyone, not only to logged-in users.",
    )
    umbrella_ids: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Umbrella organisations the association belongs to."
    )

    def fields(
        self, *, name: str | UnsetType | None, organisation_number: str | UnsetType | None
    ) -> AssociationFields:
        contact = self.contact_person
        public = self.contact_public
        return AssociationFields(
            name=required_text(name),
            organisation_number=required_text(organisation_number),
            description=given(self.description),
            translations=given_list(
                self.translations, lambda t: Translation(t.language, t.description)
            ),
            categories=given_list(self.categories, Category),
            target_groups=given_list(self.target_groups, vocabulary.TargetGroup),
            district=given(self.district),
            website=given(self.website),
            founded_year=given(self.founded_year),
            member_count=given(self.member_count),
            contact_person=KEEP if isinstance(contact, UnsetType) else _contact(contact),
            contact_public=KEEP if isinstance(public, UnsetType) or public is None else public,
            # an id that is not an association's matches none, and is reported as not found
            # once the other fields are checked, so that every problem shows at once
            umbrella_ids=given_list(
                self.umbrella_ids, lambda raw: id_or_no_row(raw, "Association")
            ),
        )


@strawberry.input
class AssociationCreateInput(AssociationFieldsInput):
    name: str
    organisation_number: str = strawberry.field(description="NNNNNN-NNNN, with its check digit.")


@strawberry.input
class AssociationUpdateInput(AssociationFieldsInput):
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    organisation_number: str | None = strawberry.UNSET


@strawberry.input(description="Names one association.")
class AssociationIdInput:
    id: strawberry.ID
