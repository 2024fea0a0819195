"""What a create or an update of an association carries, and how each field is checked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.services.associations.organisation_number import (
    InvalidOrganisationNumber,
    normalise_organisation_number,
)
from app.services.associations.vocabulary import Category, District, TargetGroup
from app.services.clock import now
from app.services.errors import ErrorCode, Problems
from app.services.keep import KEEP, Kept
from app.services.validation import (
    clean_email,
    clean_int,
    clean_phone,
    clean_text,
    clean_website,
)

NAME_MAX = 120
DESCRIPTION_MAX = 5000
MAX_CATEGORIES = 6
MAX_TRANSLATIONS = 20
MAX_UMBRELLAS = 10
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


@dataclass(frozen=True)
class Translation:
    language: str
    description: str


@dataclass(frozen=True)
class ContactPerson:
    name: str | None
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class AssociationFields:
    """Each field is KEEP (leave as it is) unless given; None clears an optional field."""

    name: str | Kept = KEEP
    organisation_number: str | Kept = KEEP
    description: str | Kept | None = KEEP
    translations: Sequence[Translation] | Kept = KEEP
    categories: Sequence[Category] | Kept = KEEP
    target_groups: Sequence[TargetGroup] | Kept = KEEP
    district: District | Kept | None = KEEP
    website: str | Kept | None = KEEP
    founded_year: int | Kept | None = KEEP
    member_count: int | Kept | None = KEEP
    contact_person: ContactPerson | Kept | None = KEEP
    contact_public: bool | Kept = KEEP
    umbrella_ids: Sequence[int] | Kept = KEEP


@dataclass
class CleanFields:
    """The given fields after checking; absent keys were not given."""

    values: dict[str, object]
    translations: list[Translation] | None = None
    categories: list[Category] | None = None
    target_groups: list[TargetGroup] | None = None
    umbrella_ids: list[int] | None = None


def clean_fields(fields: AssociationFields, *, creating: bool) -> CleanFields:
    """Check every given field, raising one `DomainError` that lists every problem."""
    problems = Problems()
    values: dict[str, object] = {}
    clean = CleanFields(values)

    if fields.name is not KEEP or creating:
        name = fields.name if fields.name is not KEEP else None
        values["name"] = clean_text(problems, "name", name, max_length=NAME_MAX, required=True)
    if fields.organisation_number is not KEEP or creating:
        raw = fields.organisation_number if fields.organisation_number is not KEEP else ""
        if not raw.strip():
            problems.add(ErrorCode.REQUIRED, "This field is required.", "organisation_number")
        else:
            try:
                values["organisation_number"] = normalise_organisation_number(raw)
            except InvalidOrganisationNumber as error:
                problems.add(ErrorCode.INVALID, str(error), "organisation_number")
    if fields.description is not KEEP:
        values["description"] = (
            clean_text(
                problems,
                "description",
                fields.description,
                max_length=DESCRIPTION_MAX,
                multiline=True,
            )
            or ""
        )
    if fields.translations is not KEEP:
        clean.translations = _clean_translations(problems, fields.translations)
    if fields.categories is not KEEP:
        clean.categories = list(dict.fromkeys(fields.categories))
        if len(clean.categories) > MAX_CATEGORIES:
            problems.add(ErrorCode.INVALID, f"At most {MAX_CATEGORIES} categories.", "categories")
    if fields.target_groups is not KEEP:
        clean.target_groups = list(dict.fromkeys(fields.target_groups))
    if fields.district is not KEEP:
        values["district"] = fields.district
    if fields.website is not KEEP:
        values["website"] = clean_website(problems, "website", fields.website)
    if fields.founded_year is not KEEP:
        values["founded_year"] = clean_int(
            problems, "founded_year", fields.founded_year, minimum=1600, maximum=now().year
        )
    if fields.member_count is not KEEP:
        values["member_count"] = clean_int(
            problems, "member_count", fields.member_count, minimum=0, maximum=10_000_000
        )
    if fields.contact_person is not KEEP:
        contact = fields.contact_person or ContactPerson(None, None, None)
        values["contact_name"] = clean_text(
            problems, "contact_person.name", contact.name, max_length=120
        )
        values["contact_email"] = clean_email(
            problems, "contact_person.email", contact.email, required=False
        )
        values["contact_phone"] = clean_phone(problems, "contact_person.phone", contact.phone)
    if fields.contact_public is not KEEP:
        values["contact_public"] = fields.contact_public
    if fields.umbrella_ids is not KEEP:
        clean.umbrella_ids = list(dict.fromkeys(fields.umbrella_ids))
        if len(clean.umbrella_ids) > MAX_UMBRELLAS:
            problems.add(
                ErrorCode.INVALID,
                f"At most {MAX_UMBRELLAS} umbrella organisations.",
                "umbrella_ids",
            )
    problems.raise_if_any()
    return clean


def _clean_translations(problems: Problems, items: Sequence[Translation]) -> list[Translation]:
    if len(items) > MAX_TRANSLATIONS:
        problems.add(ErrorCode.INVALID, f"At most {MAX_TRANSLATIONS} translations.", "translations")
        return []
    cleaned: dict[str, Translation] = {}
    for index, item in enumerate(items):
        field = f"translations.{index}"
        language = item.language.strip()
        if not _LANGUAGE.match(language) or language.lower() == "sv":
            problems.add(
                ErrorCode.INVALID,
                "Give a language code such as en or ar (Swedish is the description itself).",
                f"{field}.language",
            )
            continue
        if language in cleaned:
            problems.add(ErrorCode.DUPLICATE, "That language is given twice.", f"{field}.language")
            continue
        text = clean_text(
            problems,
            f"{field}.description",
            item.description,
            max_length=DESCRIPTION_MAX,
            required=True,
            multiline=True,
        )
        if text is not None:
            cleaned[language] = Translation(language, text)
    return list(cleaned.values())
