"""Translations of a title and a description, shared by the domains whose texts have both
(events, listings, activities): Swedish is the text itself, a translation is another
language's, and a reader asking for a language without one gets the Swedish."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from app.services.errors import ErrorCode, Problems
from app.services.validation import clean_text

MAX_TRANSLATIONS = 20
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
SWEDISH = ("sv", "sv-se")


@dataclass(frozen=True)
class Translation:
    language: str
    title: str | None
    description: str | None


def clean_translations(
    problems: Problems, items: Sequence[Translation], *, title_max: int, description_max: int
) -> list[Translation]:
    """The translations checked, one per language (the last given wins)."""
    if len(items) > MAX_TRANSLATIONS:
        problems.add(ErrorCode.INVALID, f"At most {MAX_TRANSLATIONS}.", "translations")
        return []
    cleaned: dict[str, Translation] = {}
    for index, item in enumerate(items):
        language = item.language.strip().lower()
        if not LANGUAGE.match(language) or language in SWEDISH:
            problems.add(
                ErrorCode.INVALID,
                "A language code such as en or ar, other than Swedish.",
                f"translations.{index}.language",
            )
            continue
        title = clean_text(
            problems, f"translations.{index}.title", item.title, max_length=title_max
        )
        text = clean_text(
            problems,
            f"translations.{index}.description",
            item.description,
            max_length=description_max,
            multiline=True,
        )
        cleaned[language] = Translation(language, title, text)
    return list(cleaned.values())


class Translated(Protocol):
    language: str
    title: str
    description: str


def in_language(rows: Iterable[Translated], language: str | None, part: str) -> str | None:
    """A stored translation's `part` (title or description) in `language` (or its base
    language: en for en-GB); None for Swedish, or where there is none."""
    if not language or language.strip().lower() in SWEDISH:
        return None
    wanted = language.strip().lower()
    by_language = {r.language: getattr(r, part) for r in rows}
    found = by_language.get(wanted) or by_language.get(wanted.split("-")[0])
    return str(found) if found else None
