"""What one app process shares between requests: settings, database, broadcast, schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.services.accounts.passwords import Passwords
from app.services.settings import Settings
from db.session import Database

if TYPE_CHECKING:
    from strawberry import Schema

    from subscriptions.broadcast import Hub
    from subscriptions.cafe.realtime import Realtime
    from subscriptions.fanout.registry import FanOut
    from subscriptions.tokens import TokenWatch


@dataclass(eq=False)
class Runtime:
    settings: Settings
    db: Database
    passwords: Passwords
    hub: Hub
    realtime: Realtime
    tokens: TokenWatch
    schema: Schema
    # made once the runtime exists (it renders with the runtime's schema); see app.main
    fanout: FanOut = field(init=False)
