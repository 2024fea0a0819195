"""`KEEP`: the value of a field an update leaves as it is (distinct from None, which clears)."""

from __future__ import annotations

from enum import Enum
from typing import Final, Literal, TypeVar

T = TypeVar("T")


class Keep(Enum):
    KEEP = "KEEP"


KEEP: Final = Keep.KEEP
Kept = Literal[Keep.KEEP]
