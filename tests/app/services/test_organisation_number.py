"""Swedish organisation numbers and their check digit."""

from __future__ import annotations

import pytest

from app.services.associations.organisation_number import (
    InvalidOrganisationNumber,
    luhn_check_digit,
    normalise_organisation_number,
    with_check_digit,
)


@pytest.mark.parametrize("raw", ["212000-1124", "2120001124", "16212000-1124", " 212000 1124 "])
def test_accepts_the_usual_spellings(raw: str) -> None:
    # Helsingborgs stad's own number
    assert normalise_organisation_number(raw) == "212000-1124"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("212000-1125", "check digit"),
        ("212000-112", "ten digits"),
        ("21200a-1124", "ten digits"),
        ("002000-1124", "never starts with 0"),
        ("851201-1234", "personal identity number"),
        ("", "ten digits"),
        # digits of other scripts pass Luhn but are another string: a duplicate in disguise
        ("٢١٢٠٠٠-١١٢٤", "ten digits"),
        ("２１２０００-１１２４", "ten digits"),
    ],
)
def test_rejects_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(InvalidOrganisationNumber, match=reason):
        normalise_organisation_number(raw)


def test_luhn_check_digit_of_known_numbers() -> None:
    assert luhn_check_digit("212000112") == 4
    assert luhn_check_digit("802002428") == 0


def test_with_check_digit_makes_valid_numbers() -> None:
    for prefix in ("802000000", "802123456", "802999999"):
        assert normalise_organisation_number(with_check_digit(prefix)) == with_check_digit(prefix)
