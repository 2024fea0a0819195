"""JSON text for the wire: UTF-8 letters as they are, escapes only where UTF-8 cannot go.

orjson makes it (several times faster than the standard library); what orjson refuses (a
lone surrogate, which JSON may carry as "\\ud800" and an error message may repeat, or an
integer beyond 64 bits) is written by the standard library, all escaped.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def _escaped(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def json_bytes(value: Any) -> bytes:
    """Compact JSON in UTF-8."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return _escaped(value).encode()


def json_text(value: Any) -> str:
    """Compact JSON with Swedish letters unescaped; all escaped if a lone surrogate is in it."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return _escaped(value)
