"""The ids clients know a thing by: the Relay global id (base64 of `Type:id`, as Strawberry
writes it), for what services write outside GraphQL (a calendar entry's link back)."""

from __future__ import annotations

import base64


def public_id(type_name: str, row_id: int) -> str:
    return base64.b64encode(f"{type_name}:{row_id}".encode()).decode()
