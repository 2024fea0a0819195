"""Terms of lending, shared by every domain that lends (premises now, the exchange next):
free, for a fee, or in return for help (barter, in the lender's own words)."""

from __future__ import annotations

from enum import StrEnum

from app.services.errors import ErrorCode, Problems
from app.services.validation import clean_text

TERMS_TEXT_MAX = 1000


class TermsKind(StrEnum):
    FREE = "FREE"
    FEE = "FEE"  # the fee as text ("200 kr per kväll")
    IN_RETURN = "IN_RETURN"  # in return for help: what the lender asks for


def clean_terms(
    problems: Problems, field: str, kind: TermsKind, text: str | None
) -> tuple[TermsKind, str]:
    """The terms as stored: a fee or a barter says what it is; free terms carry no text."""
    if kind is TermsKind.FREE:
        if text and text.strip():
            problems.add(ErrorCode.INVALID, "Free terms carry no text.", f"{field}.text")
        return kind, ""
    cleaned = clean_text(
        problems, f"{field}.text", text, max_length=TERMS_TEXT_MAX, required=True, multiline=True
    )
    return kind, cleaned or ""
