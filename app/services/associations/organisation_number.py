"""Swedish organisation numbers (organisationsnummer): NNNNNN-NNNN with a Luhn check digit."""

from __future__ import annotations

import re

# [0-9], not \d: "٢١٢٠٠٠-١١٢٤" would pass Luhn and slip past the duplicate check
_FORMAT = re.compile(r"^(?:16)?([0-9]{6})-?([0-9]{4})$")


class InvalidOrganisationNumber(ValueError):
    pass


def luhn_check_digit(first_nine: str) -> int:
    total = 0
    for index, char in enumerate(first_nine):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def normalise_organisation_number(raw: str) -> str:
    """Return the number as NNNNNN-NNNN, or raise `InvalidOrganisationNumber` saying why."""
    match = _FORMAT.match(raw.strip().replace(" ", ""))
    if not match:
        raise InvalidOrganisationNumber("Write it as ten digits, NNNNNN-NNNN.")
    digits = match.group(1) + match.group(2)
    if digits[0] == "0":
        raise InvalidOrganisationNumber("An organisation number never starts with 0.")
    # the third digit is at least 2 for legal persons; lower is a personal identity number
    if int(digits[2]) < 2:
        raise InvalidOrganisationNumber(
            "That is a personal identity number, not an organisation number."
        )
    if luhn_check_digit(digits[:9]) != int(digits[9]):
        raise InvalidOrganisationNumber("The check digit does not match.")
    return f"{digits[:6]}-{digits[6:]}"


def with_check_digit(first_nine: str) -> str:
    """Complete nine digits to a valid number (used for demo data)."""
    digits = first_nine + str(luhn_check_digit(first_nine))
    return f"{digits[:6]}-{digits[6:]}"
