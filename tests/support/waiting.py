"""Waiting for the server to reach a state, instead of sleeping and hoping it has.

A subscription sent over a socket gets no answer until something happens, so a test that must
know it is in place asks the server's runtime: how many event streams of a session are live.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from app.runtime import Runtime
from app.services.cafe.events import CAFE_SESSION
from schema.relay import decode_id
from subscriptions.live.listener import BoundedListener


async def until(condition: Callable[[], bool], what: str, seconds: float = 10.0) -> None:
    """Return once `condition()` holds; fail the test saying `what` did not happen."""
    try:
        async with asyncio.timeout(seconds):
            while not condition():  # noqa: ASYNC110 (the server state has no event to wait on)
                await asyncio.sleep(0.01)
    except TimeoutError:
        raise AssertionError(f"within {seconds} s: {what}") from None


def event_streams(runtime: Runtime, session_id: str) -> int:
    """Subscriptions to the session's events that are live in this process."""
    sid = decode_id(session_id, "CafeSession")
    groups = [
        group
        for group in runtime.fanout.groups.values()
        if group.key.key == sid and group.key.field == "cafeSessionEvents"
    ]
    shared = sum(len(group.members) for group in groups)
    feed = runtime.feeds.feeds.get((CAFE_SESSION.name, sid))
    if feed is None:
        return shared
    group_listeners = {group.listener for group in groups}
    direct = sum(
        1
        for listener in feed.listeners
        if isinstance(listener, BoundedListener) and listener not in group_listeners
    )
    return shared + direct


async def until_following(runtime: Runtime, session_id: str, count: int = 1) -> None:
    """Return once `count` subscriptions follow the session's events in this process."""
    await until(
        lambda: event_streams(runtime, session_id) >= count,
        f"{count} subscription(s) follow session {session_id}",
    )
