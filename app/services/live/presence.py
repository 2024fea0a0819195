"""Presence on a feed's key: who is connected, where, and who is typing. Never stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class PresenceKind(StrEnum):
    SNAPSHOT = "SNAPSHOT"
    CONNECTED = "CONNECTED"
    DISCONNECTED = "DISCONNECTED"
    TYPING = "TYPING"
    MOVED = "MOVED"


@dataclass(frozen=True)
class PresenceEntry:
    who: int
    where: int | None
    typing: bool = False


@dataclass(frozen=True)
class PresenceUpdate:
    key: int
    kind: PresenceKind
    at: datetime
    who: int | None = None
    where: int | None = None
    entries: tuple[PresenceEntry, ...] = ()
