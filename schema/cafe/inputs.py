"""Inputs of café mutations."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

import strawberry
from strawberry.types.unset import UnsetType

from app.services.cafe.fields import SessionFields
from app.services.keep import KEEP, Kept
from schema.agreement.enums import PrincipleCodeEnum
from schema.associations.inputs import given, given_list
from schema.relay import decode_id

T = TypeVar("T")


@strawberry.input(description="A café session's details; on update, leave out what stays.")
class CafeSessionFieldsInput:
    description: str | None = strawberry.UNSET
    place: str | None = strawberry.UNSET
    ends_at: datetime | None = strawberry.UNSET
    is_public: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Readable by anyone once closed (default: no)."
    )
    anonymous_notes: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Show notes without authors (default: no)."
    )
    vote_budget: int | None = strawberry.field(
        default=strawberry.UNSET, description="Dots per participant, 0–20 (default: 3)."
    )
    association_ids: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="The associations taking part."
    )

    def session_fields(
        self, title: str | UnsetType | None, starts_at: datetime | UnsetType | None
    ) -> SessionFields:
        return SessionFields(
            title=KEEP if isinstance(title, UnsetType) else title or "",
            description=given(self.description),
            place=given(self.place),
            starts_at=set_or_keep(starts_at),
            ends_at=given(self.ends_at),
            is_public=set_or_keep(self.is_public),
            anonymous_notes=set_or_keep(self.anonymous_notes),
            vote_budget=set_or_keep(self.vote_budget),
            association_ids=given_list(
                self.association_ids, lambda raw: decode_id(raw, "Association", "association_ids")
            ),
        )


def set_or_keep(value: T | UnsetType | None) -> T | Kept:
    """For fields that cannot be cleared: left out or null both leave the value as it is."""
    return KEEP if isinstance(value, UnsetType) or value is None else value


@strawberry.input
class CafeSessionCreateInput(CafeSessionFieldsInput):
    title: str
    starts_at: datetime


@strawberry.input
class CafeSessionUpdateInput(CafeSessionFieldsInput):
    id: strawberry.ID
    title: str | None = strawberry.UNSET
    starts_at: datetime | None = strawberry.UNSET


@strawberry.input(description="Names one café session.")
class CafeSessionIdInput:
    id: strawberry.ID


@strawberry.input
class CafeRoundAddInput:
    session_id: strawberry.ID
    question: str
    principle: PrincipleCodeEnum | None = None
    timebox_seconds: int | None = strawberry.field(
        default=None, description="How long the round lasts, 30 s to 4 h; none for no timebox."
    )


@strawberry.input(description="Names one round.")
class CafeRoundIdInput:
    id: strawberry.ID


@strawberry.input
class CafeTableAddInput:
    session_id: strawberry.ID
    name: str


@strawberry.input
class CafeFacilitatorAddInput:
    table_id: strawberry.ID
    email: str = strawberry.field(description="The email of the facilitator's account.")


@strawberry.input
class CafeFacilitatorRemoveInput:
    table_id: strawberry.ID
    user_id: strawberry.ID


@strawberry.input
class CafeSessionJoinInput:
    join_code: str
    display_name: str | None = strawberry.field(
        default=None, description="Needed for guests; accounts default to their own name."
    )
    table_id: strawberry.ID | None = None


@strawberry.input
class CafeParticipantMoveInput:
    session_id: strawberry.ID
    table_id: strawberry.ID


@strawberry.input
class CafeNoteAddInput:
    session_id: strawberry.ID
    table_id: strawberry.ID
    round_id: strawberry.ID
    text: str
    client_id: str = strawberry.field(
        description="An id the client makes (a UUID): sending the same note again stores it once."
    )
    principle: PrincipleCodeEnum | None = strawberry.field(
        default=None, description="Defaults to the round's principle."
    )


@strawberry.input
class CafeNoteEditInput:
    id: strawberry.ID
    text: str
    expected_version: int = strawberry.field(description="The version the editor saw.")


@strawberry.input(description="Names one note.")
class CafeNoteIdInput:
    id: strawberry.ID


@strawberry.input
class CafeNoteVoteInput:
    note_id: strawberry.ID
    dots: int = strawberry.field(description="The viewer's dots on the note; 0 takes them back.")


@strawberry.input
class CafeClusterCreateInput:
    session_id: strawberry.ID
    name: str
    note_ids: list[strawberry.ID]


@strawberry.input
class CafeClusterRenameInput:
    id: strawberry.ID
    name: str


@strawberry.input(description="Names one cluster.")
class CafeClusterIdInput:
    id: strawberry.ID


@strawberry.input
class CafeNotesClusterInput:
    session_id: strawberry.ID
    note_ids: list[strawberry.ID]
    cluster_id: strawberry.ID | None = strawberry.field(
        description="The cluster to put the notes in; null takes them out of theirs."
    )


@strawberry.input
class CafeTypingInput:
    session_id: strawberry.ID
    table_id: strawberry.ID
