"""A feed, declared by its domain: its name, its event kinds and the typed payload of each,
and the presence it keeps (if any). From a declaration the live layer serves the log, replay,
fan-out and presence, with no code of the domain's own in subscriptions/.

Who may follow a key of the feed, and what rendering an event may depend on, the domain says
through a `Follower` (app/services/live/follower.py) made by its subscription resolver.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from app.services.jsontext import json_text

# a broadcast message carries the whole event when it is this small; otherwise only its seq,
# and readers fetch it from the log (PostgreSQL NOTIFY payloads must stay under 8,000 bytes)
MAX_INLINE_BYTES = 7000


class Payload(BaseModel):
    """What an event says, typed; stored and sent as JSON with camelCase keys."""

    model_config = ConfigDict(frozen=True, alias_generator=to_camel, populate_by_name=True)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


K = TypeVar("K", bound=StrEnum)


@dataclass(frozen=True)
class Presence:
    """A feed whose followers are shown connected (who, and where: a table, say)."""

    # an event that moves someone connected: (who, where); None for every other event
    moved: Callable[[LoggedEvent], tuple[int, int | None] | None] = lambda _event: None


@dataclass(frozen=True, eq=False)
class Feed(Generic[K]):
    name: str  # "cafe.session"; at most 40 characters
    kinds: Mapping[K, type[Payload]]  # every event kind, with the payload it carries
    # the kinds that may change a follower's access (each follower is asked about those alone)
    access_kinds: frozenset[K] = frozenset()
    # the kinds that change what earlier events show (a deleted note's text, say): payloads
    # rendered before one are never replayed from memory
    redacting_kinds: frozenset[K] = frozenset()
    presence: Presence | None = None
    _by_value: dict[str, K] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_value", {str(kind): kind for kind in self.kinds})

    def kind(self, value: str) -> K:
        return self._by_value[value]

    def payload(self, kind: K, data: Mapping[str, Any]) -> Payload:
        return self.kinds[kind].model_validate(data)

    def channel(self, key: int) -> str:
        """Where the key's events are announced on the broadcast."""
        return f"{self.name}.{key}"

    def presence_channel(self, key: int) -> str:
        return f"{self.name}.presence.{key}"


@dataclass(frozen=True)
class LoggedEvent:
    """One entry of a key's log."""

    feed: Feed[Any]
    key: int
    seq: int
    kind: StrEnum
    at: datetime
    payload: Payload

    def to_message(self) -> str:
        message = json_text(
            {
                "key": self.key,
                "seq": self.seq,
                "kind": self.kind,
                "at": self.at.isoformat(),
                "payload": self.payload.to_json(),
            }
        )
        if len(message.encode()) <= MAX_INLINE_BYTES:
            return message
        return json.dumps({"key": self.key, "seq": self.seq})

    @staticmethod
    def from_message(feed: Feed[Any], message: str) -> LoggedEvent | int:
        """The event, or only its seq when the message was too large to carry it."""
        data: dict[str, Any] = json.loads(message)
        if "kind" not in data:
            return int(data["seq"])
        kind = feed.kind(data["kind"])
        return LoggedEvent(
            feed=feed,
            key=int(data["key"]),
            seq=int(data["seq"]),
            kind=kind,
            at=datetime.fromisoformat(data["at"]),
            payload=feed.payload(kind, data["payload"]),
        )
