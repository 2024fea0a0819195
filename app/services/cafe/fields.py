"""Checks for what organisers and participants type into a café."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.services.errors import ErrorCode, Problems
from app.services.keep import KEEP, Kept
from app.services.validation import clean_int, clean_text

TITLE_MAX = 200
NOTE_MAX = 1000
QUESTION_MAX = 500
NAME_MAX = 80
CLUSTER_NAME_MAX = 200
MAX_VOTE_BUDGET = 20
TIMEBOX_MIN_SECONDS = 30
TIMEBOX_MAX_SECONDS = 4 * 3600
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


@dataclass(frozen=True)
class SessionFields:
    title: str | Kept = KEEP
    description: str | Kept | None = KEEP
    place: str | Kept | None = KEEP
    starts_at: datetime | Kept = KEEP
    ends_at: datetime | Kept | None = KEEP
    is_public: bool | Kept = KEEP
    anonymous_notes: bool | Kept = KEEP
    vote_budget: int | Kept = KEEP
    association_ids: Sequence[int] | Kept = KEEP


def clean_session_fields(fields: SessionFields, *, creating: bool) -> dict[str, object]:
    problems = Problems()
    values: dict[str, object] = {}
    if fields.title is not KEEP or creating:
        title = fields.title if fields.title is not KEEP else None
        values["title"] = clean_text(problems, "title", title, max_length=TITLE_MAX, required=True)
    if fields.description is not KEEP:
        values["description"] = (
            clean_text(problems, "description", fields.description, max_length=5000, multiline=True)
            or ""
        )
    if fields.place is not KEEP:
        values["place"] = clean_text(problems, "place", fields.place, max_length=TITLE_MAX) or ""
    if fields.starts_at is not KEEP:
        values["starts_at"] = fields.starts_at
    elif creating:
        problems.add(ErrorCode.REQUIRED, "This field is required.", "starts_at")
    if fields.ends_at is not KEEP:
        values["ends_at"] = fields.ends_at
    starts = values.get("starts_at")
    ends = values.get("ends_at")
    if isinstance(starts, datetime) and isinstance(ends, datetime) and ends <= starts:
        problems.add(ErrorCode.INVALID, "The session must end after it starts.", "ends_at")
    if fields.is_public is not KEEP:
        values["is_public"] = fields.is_public
    if fields.anonymous_notes is not KEEP:
        values["anonymous_notes"] = fields.anonymous_notes
    if fields.vote_budget is not KEEP:
        values["vote_budget"] = clean_int(
            problems, "vote_budget", fields.vote_budget, minimum=0, maximum=MAX_VOTE_BUDGET
        )
    problems.raise_if_any()
    return values


def clean_note_text(text: str | None) -> str:
    problems = Problems()
    cleaned = clean_text(problems, "text", text, max_length=NOTE_MAX, required=True, multiline=True)
    problems.raise_if_any()
    assert cleaned is not None
    return cleaned


def clean_client_id(client_id: str) -> str:
    problems = Problems()
    if not _CLIENT_ID.match(client_id):
        problems.add(
            ErrorCode.INVALID,
            "Give a client id of 1–64 letters, digits, '-', '_', '.' or ':' (a UUID will do).",
            "client_id",
        )
    problems.raise_if_any()
    return client_id


def clean_name(field: str, value: str | None, max_length: int = NAME_MAX) -> str:
    problems = Problems()
    cleaned = clean_text(problems, field, value, max_length=max_length, required=True)
    problems.raise_if_any()
    assert cleaned is not None
    return cleaned


def clean_timebox(seconds: int | None) -> int | None:
    problems = Problems()
    value = clean_int(
        problems,
        "timebox_seconds",
        seconds,
        minimum=TIMEBOX_MIN_SECONDS,
        maximum=TIMEBOX_MAX_SECONDS,
    )
    problems.raise_if_any()
    return value
