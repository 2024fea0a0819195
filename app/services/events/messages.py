"""Messages from the organisers to the people registered: kept with the event and shown to
the registered (never their addresses to the organisers beyond the list they already see)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.services.clock import now
from app.services.errors import Problems
from app.services.events import access
from app.services.events.events import record
from app.services.events.locking import lock_event
from app.services.events.vocabulary import EventEventKind
from app.services.validation import clean_text
from app.services.viewer import Viewer
from db.models import EventMessage

MESSAGE_MAX = 2000


async def send_message(
    session: AsyncSession, viewer: Viewer, event_id: int, text: str
) -> EventMessage:
    user_id = viewer.require_account()
    event = await lock_event(session, event_id, "event_id")
    await access.require_organiser(session, viewer, event)
    problems = Problems()
    cleaned = clean_text(
        problems, "text", text, max_length=MESSAGE_MAX, required=True, multiline=True
    )
    problems.raise_if_any()
    assert cleaned is not None
    message = EventMessage(event_id=event.id, sender_id=user_id, text=cleaned, created_at=now())
    session.add(message)
    await session.flush()
    await record(session, event, EventEventKind.MESSAGE_SENT, message_id=message.id)
    return message
