"""What a listing carries, and how each field is checked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.services.associations.vocabulary import District
from app.services.errors import ErrorCode, Problems
from app.services.exchange.vocabulary import Direction, ListingKind
from app.services.keep import KEEP, Kept
from app.services.swedish import fold
from app.services.terms import TermsKind, clean_terms
from app.services.translations import Translation, clean_translations
from app.services.validation import clean_int, clean_text

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
MAX_TOPICS = 12
TOPIC_MAX = 40


@dataclass(frozen=True)
class ListingFields:
    """Each field is KEEP (leave as it is) unless given; None clears an optional field."""

    title: str | Kept = KEEP
    description: str | Kept | None = KEEP
    translations: Sequence[Translation] | Kept = KEEP
    topics: Sequence[str] | Kept = KEEP
    district: District | Kept | None = KEEP
    available_from: date | Kept | None = KEEP
    available_until: date | Kept | None = KEEP
    terms_kind: TermsKind | Kept = KEEP
    terms_text: str | Kept | None = KEEP
    quantity: int | Kept | None = KEEP
    condition: str | Kept | None = KEEP
    lending_days: int | Kept | None = KEEP
    volunteers_needed: int | Kept | None = KEEP
    task_when: str | Kept | None = KEEP
    asks: str | Kept | None = KEEP


def topic_key(topic: str) -> str:
    """A topic as stored and matched: folded the Swedish way, single-spaced."""
    return " ".join(fold(topic).split())


def clean_listing(
    fields: ListingFields,
    direction: Direction,
    kind: ListingKind,
    *,
    creating: bool,
    current: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], list[Translation] | None]:
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
    if given("topics"):
        topics = [topic_key(t) for t in fields.topics]  # type: ignore[union-attr]
        if len(topics) > MAX_TOPICS or any(not t or len(t) > TOPIC_MAX for t in topics):
            problems.add(
                ErrorCode.INVALID,
                f"At most {MAX_TOPICS} topics of {TOPIC_MAX} characters.",
                "topics",
            )
        values["topics"] = sorted(set(topics))
    if given("district"):
        values["district"] = None if fields.district is None else str(fields.district)
    for name in ("available_from", "available_until"):
        if given(name):
            values[name] = getattr(fields, name)
    if given("terms_kind") or given("terms_text") or creating:
        kind_of_terms = fields.terms_kind if fields.terms_kind is not KEEP else TermsKind.FREE
        text = fields.terms_text if fields.terms_text is not KEEP else None
        terms, terms_text = clean_terms(problems, "terms", kind_of_terms, text)
        values["terms"], values["terms_text"] = str(terms), terms_text
    for name, low, high in (
        ("quantity", 1, 10_000),
        ("lending_days", 1, 365),
        ("volunteers_needed", 1, 1000),
    ):
        if given(name):
            values[name] = clean_int(
                problems, name, getattr(fields, name), minimum=low, maximum=high
            )
    for name, size in (("condition", 200), ("task_when", 200), ("asks", 2000)):
        if given(name):
            values[name] = clean_text(
                problems, name, getattr(fields, name), max_length=size, multiline=True
            )
    if creating:
        values.setdefault("description", "")
        values.setdefault("topics", [])
    merged = {**(current or {}), **values}
    start, end = merged.get("available_from"), merged.get("available_until")
    if start is not None and end is not None and end < start:
        problems.add(
            ErrorCode.INVALID, "Available until cannot come before from.", "available_until"
        )
    if kind is ListingKind.EQUIPMENT and direction is Direction.OFFER and creating:
        if merged.get("quantity") is None:
            problems.add(ErrorCode.REQUIRED, "How many there are to lend.", "quantity")
    elif kind is not ListingKind.EQUIPMENT:
        for name in ("quantity", "lending_days", "condition"):
            if merged.get(name) is not None:
                problems.add(ErrorCode.INVALID, "Only equipment has this.", name)
    if kind is not ListingKind.VOLUNTEERING:
        for name in ("volunteers_needed", "task_when", "asks"):
            if merged.get(name) is not None:
                problems.add(ErrorCode.INVALID, "Only volunteering has this.", name)
    elif direction is Direction.REQUEST and creating and merged.get("volunteers_needed") is None:
        problems.add(ErrorCode.REQUIRED, "How many people are needed.", "volunteers_needed")
    translations = None
    if given("translations"):
        translations = clean_translations(
            problems,
            fields.translations,  # type: ignore[arg-type]
            title_max=TITLE_MAX,
            description_max=DESCRIPTION_MAX,
        )
    problems.raise_if_any()
    return values, translations
