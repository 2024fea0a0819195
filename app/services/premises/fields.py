"""What a create or an update of premises carries, and how each field is checked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from itertools import pairwise
from typing import Any

from app.services.associations.vocabulary import District
from app.services.errors import ErrorCode, Problems
from app.services.keep import KEEP, Kept
from app.services.premises.vocabulary import Accessibility, Weekday
from app.services.terms import TermsKind, clean_terms
from app.services.validation import clean_int, clean_text, clean_website

NAME_MAX = 120
DESCRIPTION_MAX = 5000
ADDRESS_MAX = 200
RULES_MAX = 5000
ITEM_MAX = 120
MAX_ITEMS = 40
MAX_PHOTOS = 20
MAX_TRANSLATIONS = 20
MAX_CAPACITY = 100_000
MAX_MINUTES = 60 * 24 * 31  # a booking lasts at most a month
MAX_BUFFER = 60 * 24
MAX_DAYS_AHEAD = 3 * 365
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")

# what premises allow unless told otherwise (DESIGN.md)
DEFAULT_MAX_DAYS_AHEAD = 365


@dataclass(frozen=True)
class Translation:
    language: str
    description: str


@dataclass(frozen=True)
class Opening:
    weekday: Weekday
    opens: time
    closes: time | None  # None: midnight, the end of the day


@dataclass(frozen=True)
class Terms:
    kind: TermsKind
    text: str | None = None


@dataclass(frozen=True)
class PremisesFields:
    """Each field is KEEP (leave as it is) unless given; None clears an optional field."""

    name: str | Kept = KEEP
    description: str | Kept | None = KEEP
    translations: Sequence[Translation] | Kept = KEEP
    address: str | Kept = KEEP
    district: District | Kept | None = KEEP
    capacity: int | Kept = KEEP
    accessibility: Sequence[Accessibility] | Kept = KEEP
    equipment: Sequence[str] | Kept = KEEP
    house_rules: str | Kept | None = KEEP
    photos: Sequence[str] | Kept = KEEP
    opening_hours: Sequence[Opening] | Kept = KEEP
    min_booking_minutes: int | Kept | None = KEEP
    max_booking_minutes: int | Kept | None = KEEP
    min_notice_minutes: int | Kept | None = KEEP
    max_days_ahead: int | Kept | None = KEEP
    buffer_before_minutes: int | Kept | None = KEEP
    buffer_after_minutes: int | Kept | None = KEEP
    requires_approval: bool | Kept = KEEP
    terms: Terms | Kept = KEEP


@dataclass(frozen=True)
class CleanFields:
    values: dict[str, Any]  # column values to set
    translations: list[Translation] | None
    accessibility: list[Accessibility] | None
    opening_hours: list[tuple[int, int, int]] | None  # (weekday, opens, closes) in minutes


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _openings(problems: Problems, openings: Sequence[Opening]) -> list[tuple[int, int, int]]:
    cleaned: list[tuple[int, int, int]] = []
    for index, opening in enumerate(openings):
        field = f"opening_hours.{index}"
        opens = _minutes(opening.opens)
        closes = 1440 if opening.closes is None else _minutes(opening.closes)
        if closes == 0:
            closes = 1440  # "00:00" as a closing time is midnight
        if opening.opens.second or (opening.closes is not None and opening.closes.second):
            problems.add(ErrorCode.INVALID, "Opening hours are in whole minutes.", field)
        elif opens >= closes:
            problems.add(ErrorCode.INVALID, "A day's opening must come before its closing.", field)
        else:
            cleaned.append((opening.weekday.number, opens, closes))
    cleaned.sort()
    for (day, _, closes), (next_day, next_opens, _) in pairwise(cleaned):
        if day == next_day and next_opens < closes:
            problems.add(
                ErrorCode.INVALID,
                f"Two openings of {Weekday.of(day)} overlap.",
                "opening_hours",
            )
    return cleaned


def _items(
    problems: Problems, field: str, items: Sequence[str], *, most: int, url: bool = False
) -> list[str]:
    if len(items) > most:
        problems.add(ErrorCode.INVALID, f"At most {most} items.", field)
        return []
    cleaned: list[str] = []
    for index, item in enumerate(items):
        if url:
            value = clean_website(problems, f"{field}.{index}", item)
        else:
            value = clean_text(problems, f"{field}.{index}", item, max_length=ITEM_MAX)
        if value is not None and value not in cleaned:
            cleaned.append(value)
    return cleaned


def _translations(problems: Problems, translations: Sequence[Translation]) -> list[Translation]:
    if len(translations) > MAX_TRANSLATIONS:
        problems.add(ErrorCode.INVALID, f"At most {MAX_TRANSLATIONS}.", "translations")
        return []
    cleaned: dict[str, Translation] = {}
    for index, item in enumerate(translations):
        language = item.language.strip().lower()
        if not _LANGUAGE.match(language) or language in ("sv", "sv-se"):
            problems.add(
                ErrorCode.INVALID,
                "A language code such as en or ar, other than Swedish.",
                f"translations.{index}.language",
            )
            continue
        text = clean_text(
            problems,
            f"translations.{index}.description",
            item.description,
            max_length=DESCRIPTION_MAX,
            required=True,
            multiline=True,
        )
        if text is not None:
            cleaned[language] = Translation(language, text)
    return list(cleaned.values())


_MINUTE_LIMITS: dict[str, tuple[int, int, int | None]] = {
    # field: (minimum, maximum, the value when cleared)
    "min_booking_minutes": (1, MAX_MINUTES, None),
    "max_booking_minutes": (1, MAX_MINUTES, None),
    "min_notice_minutes": (0, 60 * 24 * 365, 0),
    "max_days_ahead": (1, MAX_DAYS_AHEAD, DEFAULT_MAX_DAYS_AHEAD),
    "buffer_before_minutes": (0, MAX_BUFFER, 0),
    "buffer_after_minutes": (0, MAX_BUFFER, 0),
}


def clean_fields(
    fields: PremisesFields, *, creating: bool, current: dict[str, Any] | None = None
) -> CleanFields:
    """Every problem at once, or the values to store; `current` holds the stored values an
    update keeps, for the checks that span fields (the shortest booking is not the longest)."""
    problems = Problems()
    values: dict[str, Any] = {}
    if fields.name is not KEEP or creating:
        name = fields.name if fields.name is not KEEP else None
        values["name"] = clean_text(problems, "name", name, max_length=NAME_MAX, required=True)
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
    if fields.address is not KEEP or creating:
        address = fields.address if fields.address is not KEEP else None
        values["address"] = clean_text(
            problems, "address", address, max_length=ADDRESS_MAX, required=True
        )
    if fields.district is not KEEP:
        values["district"] = fields.district
    if fields.capacity is not KEEP or creating:
        capacity = fields.capacity if fields.capacity is not KEEP else None
        if capacity is None:
            problems.add(ErrorCode.REQUIRED, "This field is required.", "capacity")
        else:
            values["capacity"] = clean_int(
                problems, "capacity", capacity, minimum=1, maximum=MAX_CAPACITY
            )
    if fields.house_rules is not KEEP:
        values["house_rules"] = (
            clean_text(
                problems, "house_rules", fields.house_rules, max_length=RULES_MAX, multiline=True
            )
            or ""
        )
    if fields.equipment is not KEEP:
        values["equipment"] = _items(problems, "equipment", fields.equipment, most=MAX_ITEMS)
    if fields.photos is not KEEP:
        values["photos"] = _items(problems, "photos", fields.photos, most=MAX_PHOTOS, url=True)
    for name, (minimum, maximum, cleared) in _MINUTE_LIMITS.items():
        given = getattr(fields, name)
        if given is KEEP:
            if creating:
                values[name] = cleared
            continue
        if given is None:
            values[name] = cleared
        else:
            values[name] = clean_int(problems, name, given, minimum=minimum, maximum=maximum)
    if fields.requires_approval is not KEEP:
        values["requires_approval"] = fields.requires_approval
    elif creating:
        values["requires_approval"] = True
    if fields.terms is not KEEP:
        kind, text = clean_terms(problems, "terms", fields.terms.kind, fields.terms.text)
        values["terms"], values["terms_text"] = str(kind), text
    elif creating:
        values["terms"], values["terms_text"] = str(TermsKind.FREE), ""
    if creating:
        values.setdefault("description", "")
        values.setdefault("house_rules", "")
        values.setdefault("equipment", [])
        values.setdefault("photos", [])
    merged = {**(current or {}), **values}
    shortest, longest = merged.get("min_booking_minutes"), merged.get("max_booking_minutes")
    if shortest is not None and longest is not None and shortest > longest:
        problems.add(
            ErrorCode.INVALID,
            "The shortest booking cannot be longer than the longest.",
            "min_booking_minutes",
        )
    translations = (
        None if fields.translations is KEEP else _translations(problems, fields.translations)
    )
    accessibility = None if fields.accessibility is KEEP else sorted(set(fields.accessibility))
    openings = None if fields.opening_hours is KEEP else _openings(problems, fields.opening_hours)
    problems.raise_if_any()
    return CleanFields(values, translations, accessibility, openings)
