"""Messages a transaction publishes once it has committed, never before."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

_KEY = "samverka.outbox"


@dataclass(frozen=True)
class Message:
    channel: str
    body: str


def publish_after_commit(session: AsyncSession, channel: str, body: str) -> None:
    session.info.setdefault(_KEY, []).append(Message(channel, body))


def take_outbox(session: AsyncSession) -> list[Message]:
    messages: list[Message] = session.info.pop(_KEY, [])
    return messages
