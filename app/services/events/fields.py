"""What a create or an update of an event carries, and how each field is checked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.services.associations.vocabulary import District, TargetGroup
from app.services.errors import ErrorCode, Problems
from app.services.events.vocabulary import EventType
from app.services.keep import KEEP, Kept
from app.services.premises.vocabulary import Accessibility
from app.services.translations import LANGUAGE, Translation, clean_translations
from app.services.validation import clean_int, clean_text, clean_website

TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
PRICE_MAX = 200
TOPIC_MAX = 60
MAX_TOPICS = 20
MAX_LANGUAGES = 10
MAX_SEATS = 100_000
MAX_SEATS_PER_REGISTRATION = 50


@dataclass(frozen=True)
class RegistrationSettings:
    capacity: int | None = None  # None: as many as come
    waitlist: bool = False
    waitlist_capacity: int | None = None  # None: as long as it gets
    max_seats_per_registration: int = 1
    opens_at: datetime | None = None
    closes_at: datetime | None = None  # None: when the event starts


@dataclass(frozen=True)
class EventFields:
    """Each field is KEEP (leave as it is) unless given; None clears an optional field."""

    title: str | Kept = KEEP
    description: str | Kept | None = KEEP
    translations: Sequence[Translation] | Kept = KEEP
    type: EventType | Kept = KEEP
    starts_at: datetime | Kept = KEEP
    ends_at: datetime | Kept = KEEP
    all_day: bool | Kept = KEEP
    address: str | Kept | None = KEEP
    district: District | Kept | None = KEEP
    online_url: str | Kept | None = KEEP
    price: str | Kept | None = KEEP
    external_registration_url: str | Kept | None = KEEP
    age_min: int | Kept | None = KEEP
    age_max: int | Kept | None = KEEP
    target_groups: Sequence[TargetGroup] | Kept = KEEP
    languages: Sequence[str] | Kept = KEEP
    accessibility: Sequence[Accessibility] | Kept = KEEP
    topics: Sequence[str] | Kept = KEEP
    registration: RegistrationSettings | Kept | None = KEEP  # None: no registration here


@dataclass(frozen=True)
class CleanFields:
    values: dict[str, Any]
    translations: list[Translation] | None


def _aware(problems: Problems, field: str, moment: datetime | None) -> datetime | None:
    if moment is not None and (moment.tzinfo is None or moment.utcoffset() is None):
        problems.add(ErrorCode.INVALID, "Give the time with its offset.", field)
        return None
    return moment


def _list(problems: Problems, field: str, items: Sequence[str], most: int, size: int) -> list[str]:
    if len(items) > most:
        problems.add(ErrorCode.INVALID, f"At most {most} items.", field)
        return []
    cleaned: list[str] = []
    for index, item in enumerate(items):
        value = clean_text(problems, f"{field}.{index}", item, max_length=size)
        if value is not None and value.lower() not in [c.lower() for c in cleaned]:
            cleaned.append(value)
    return cleaned


def _registration(problems: Problems, settings: RegistrationSettings) -> dict[str, Any]:
    field = "registration"
    capacity = clean_int(
        problems, f"{field}.capacity", settings.capacity, minimum=1, maximum=MAX_SEATS
    )
    waitlist_capacity = clean_int(
        problems,
        f"{field}.waitlist_capacity",
        settings.waitlist_capacity,
        minimum=0,
        maximum=MAX_SEATS,
    )
    most = clean_int(
        problems,
        f"{field}.max_seats_per_registration",
        settings.max_seats_per_registration,
        minimum=1,
        maximum=MAX_SEATS_PER_REGISTRATION,
    )
    opens = _aware(problems, f"{field}.opens_at", settings.opens_at)
    closes = _aware(problems, f"{field}.closes_at", settings.closes_at)
    if opens is not None and closes is not None and closes <= opens:
        problems.add(
            ErrorCode.INVALID, "Enrolment must close after it opens.", f"{field}.closes_at"
        )
    if settings.waitlist_capacity is not None and not settings.waitlist:
        problems.add(
            ErrorCode.INVALID, "A waitlist capacity needs a waitlist.", f"{field}.waitlist"
        )
    return {
        "registration": True,
        "capacity": capacity,
        "waitlist": settings.waitlist,
        "waitlist_capacity": waitlist_capacity,
        "max_seats_per_registration": most or 1,
        "enrolment_opens_at": opens,
        "enrolment_closes_at": closes,
    }


NO_REGISTRATION: dict[str, Any] = {
    "registration": False,
    "capacity": None,
    "waitlist": False,
    "waitlist_capacity": None,
    "max_seats_per_registration": 1,
    "enrolment_opens_at": None,
    "enrolment_closes_at": None,
}

_OPTIONAL_TEXT = {"address": 200, "price": PRICE_MAX}
_OPTIONAL_URL = ("online_url", "external_registration_url")


def clean_fields(
    fields: EventFields, *, creating: bool, current: dict[str, Any] | None = None
) -> CleanFields:
    """Every problem at once, or the values to store; `current` holds what an update keeps,
    for the checks that span fields."""
    problems = Problems()
    values: dict[str, Any] = {}

    def given(name: str) -> bool:
        return getattr(fields, name) is not KEEP

    if given("title") or creating:
        title = fields.title if fields.title is not KEEP else None
        values["title"] = clean_text(problems, "title", title, max_length=TITLE_MAX, required=True)
    if given("description"):
        values["description"] = (
            clean_text(
                problems,
                "description",
                fields.description,  # type: ignore[arg-type]
                max_length=DESCRIPTION_MAX,
                multiline=True,
            )
            or ""
        )
    if given("type"):
        values["type"] = str(fields.type)
    elif creating:
        problems.add(ErrorCode.REQUIRED, "This field is required.", "type")
    for name in ("starts_at", "ends_at"):
        if given(name):
            values[name] = _aware(problems, name, getattr(fields, name))
        elif creating:
            problems.add(ErrorCode.REQUIRED, "This field is required.", name)
    if given("all_day"):
        values["all_day"] = fields.all_day
    for name, size in _OPTIONAL_TEXT.items():
        if given(name):
            values[name] = clean_text(problems, name, getattr(fields, name), max_length=size)
    if given("district"):
        values["district"] = None if fields.district is None else str(fields.district)
    for name in _OPTIONAL_URL:
        if given(name):
            values[name] = clean_website(problems, name, getattr(fields, name))
    for name in ("age_min", "age_max"):
        if given(name):
            values[name] = clean_int(problems, name, getattr(fields, name), minimum=0, maximum=120)
    if given("target_groups"):
        values["target_groups"] = sorted({str(g) for g in fields.target_groups})  # type: ignore[union-attr]
    if given("accessibility"):
        values["accessibility"] = sorted({str(a) for a in fields.accessibility})  # type: ignore[union-attr]
    if given("languages"):
        languages = [code.strip().lower() for code in fields.languages]  # type: ignore[union-attr]
        if len(languages) > MAX_LANGUAGES or any(not LANGUAGE.match(c) for c in languages):
            problems.add(ErrorCode.INVALID, "Language codes such as sv, en or ar.", "languages")
        values["languages"] = sorted(set(languages))
    if given("topics"):
        values["topics"] = _list(problems, "topics", fields.topics, MAX_TOPICS, TOPIC_MAX)  # type: ignore[arg-type]
    if given("registration"):
        settings = fields.registration
        values.update(
            NO_REGISTRATION if settings is None else _registration(problems, settings)  # type: ignore[arg-type]
        )
    if creating:
        for name, default in (
            ("description", ""),
            ("all_day", False),
            ("target_groups", []),
            ("accessibility", []),
            ("languages", ["sv"]),
            ("topics", []),
        ):
            values.setdefault(name, default)
        for name, default in NO_REGISTRATION.items():
            values.setdefault(name, default)
    merged = {**(current or {}), **values}
    starts, ends = merged.get("starts_at"), merged.get("ends_at")
    if starts is not None and ends is not None and ends < starts:
        problems.add(ErrorCode.INVALID, "The end cannot come before the start.", "ends_at")
    low, high = merged.get("age_min"), merged.get("age_max")
    if low is not None and high is not None and low > high:
        problems.add(ErrorCode.INVALID, "The lowest age cannot be above the highest.", "age_min")
    translations = None
    if given("translations"):
        translations = clean_translations(
            problems,
            fields.translations,  # type: ignore[arg-type]
            title_max=TITLE_MAX,
            description_max=DESCRIPTION_MAX,
        )
    problems.raise_if_any()
    return CleanFields(values, translations)
