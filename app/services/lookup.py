"""Finding rows by text someone typed (an email, a slug, a join code, a cursor value).

PostgreSQL refuses text with a NUL character, and neither database takes a lone surrogate
(JSON's "\\ud800" escape lets one in). No row holds such text, so a look-up by it finds nothing,
on every database, instead of failing on one of them.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, false
from sqlalchemy.orm import InstrumentedAttribute

SURROGATES = "\ud800-\udfff"  # a character class's range: UTF-8 cannot hold them

_UNSTORABLE = re.compile(f"[\x00{SURROGATES}]")


def storable(text: str) -> bool:
    """Whether both databases can hold the text."""
    return _UNSTORABLE.search(text) is None


def text_is(column: InstrumentedAttribute[str], value: str) -> ColumnElement[bool]:
    """`column == value`, or a condition no row meets when no row can hold `value`."""
    return column == value if storable(value) else false()
