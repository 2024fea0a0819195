"""Checks for text a user typed, shared by every domain."""

from __future__ import annotations

import re
import unicodedata

from app.services.errors import ErrorCode, Problems

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]+$")
_WEBSITE = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", re.IGNORECASE)


def _has_control_characters(text: str, multiline: bool) -> bool:
    allowed = {"\n", "\t"} if multiline else set()
    # Cs: a lone surrogate (JSON's "\ud800"), which no database stores
    return any(unicodedata.category(c) in ("Cc", "Cs") and c not in allowed for c in text)


def clean_text(
    problems: Problems,
    field: str,
    value: str | None,
    *,
    max_length: int,
    min_length: int = 1,
    required: bool = False,
    multiline: bool = False,
) -> str | None:
    """Trimmed text, or None when empty; records a problem when it does not fit."""
    text = (value or "").replace("\r\n", "\n").strip()
    if not text:
        if required:
            problems.add(ErrorCode.REQUIRED, "This field is required.", field)
        return None
    if len(text) > max_length:
        problems.add(ErrorCode.TOO_LONG, f"At most {max_length} characters.", field)
        return None
    if len(text) < min_length:
        problems.add(ErrorCode.INVALID, f"At least {min_length} characters.", field)
        return None
    if _has_control_characters(text, multiline):
        problems.add(ErrorCode.INVALID, "Contains characters that are not allowed.", field)
        return None
    return text


EMAIL_MAX = 254
WEBSITE_MAX = 200


def _too_long(problems: Problems, field: str, text: str, max_length: int) -> bool:
    """Checks the value as stored: lower-casing or a prefix can make the typed text longer."""
    if len(text) <= max_length:
        return False
    problems.add(ErrorCode.TOO_LONG, f"At most {max_length} characters.", field)
    return True


def clean_email(problems: Problems, field: str, value: str | None, *, required: bool) -> str | None:
    email = clean_text(problems, field, value, max_length=EMAIL_MAX, required=required)
    if email is None:
        return None
    if not _EMAIL.match(email):
        problems.add(ErrorCode.INVALID, "That is not an email address.", field)
        return None
    email = email.lower()  # "İ" lowers to two characters
    return None if _too_long(problems, field, email, EMAIL_MAX) else email


def clean_phone(problems: Problems, field: str, value: str | None) -> str | None:
    phone = clean_text(problems, field, value, max_length=40)
    if phone is None:
        return None
    digits = sum(c.isdigit() for c in phone)
    if not _PHONE.match(phone) or not 6 <= digits <= 15:
        problems.add(ErrorCode.INVALID, "That is not a phone number.", field)
        return None
    return phone


def clean_website(problems: Problems, field: str, value: str | None) -> str | None:
    url = clean_text(problems, field, value, max_length=WEBSITE_MAX)
    if url is None:
        return None
    if "://" not in url:
        url = "https://" + url
    if not _WEBSITE.match(url):
        problems.add(ErrorCode.INVALID, "That is not a web address (https://…).", field)
        return None
    return None if _too_long(problems, field, url, WEBSITE_MAX) else url


def clean_int(
    problems: Problems, field: str, value: int | None, *, minimum: int, maximum: int
) -> int | None:
    if value is None:
        return None
    if not minimum <= value <= maximum:
        problems.add(ErrorCode.INVALID, f"Must be between {minimum} and {maximum}.", field)
        return None
    return value
