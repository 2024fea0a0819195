"""JSON text for the wire: UTF-8 letters as they are, escapes only where UTF-8 cannot go."""

from __future__ import annotations

import json
import re
from typing import Any

# JSON may carry "\ud800" alone, and an error message may repeat it; UTF-8 cannot hold it
SURROGATES = "\ud800-\udfff"  # a character class's range
_LONE_SURROGATE = re.compile(f"[{SURROGATES}]")


def json_text(value: Any) -> str:
    """Compact JSON with Swedish letters unescaped; all escaped if a lone surrogate is in it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if _LONE_SURROGATE.search(text) is None:
        return text
    return json.dumps(value, separators=(",", ":"))
