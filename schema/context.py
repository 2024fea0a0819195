"""Per-operation context: who is asking, what the process shares, and memoised DataLoaders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import strawberry
from strawberry.dataloader import DataLoader

from app.services.accounts.passwords import Passwords
from app.services.live.streams import Signals, Streams
from app.services.settings import Settings
from app.services.unit_of_work import UnitOfWork
from app.services.viewer import Viewer, roles_of
from db.session import Database

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, eq=False)
class Shared:
    """What every operation of one process shares; made by the composition root."""

    settings: Settings
    db: Database
    writes: UnitOfWork  # every write goes through here: commit, then publish
    passwords: Passwords
    signals: Signals  # live signals that are never stored (typing)


@dataclass(eq=False)
class Context:
    """Lives for one HTTP request or one WebSocket operation, never for a whole socket."""

    shared: Shared
    viewer: Viewer
    client_address: str = "unknown"
    # where subscription resolvers read live data; set by the WebSocket layer
    streams: Streams | None = None
    _loaders: dict[object, DataLoader[Any, Any]] = field(default_factory=dict)

    @property
    def db(self) -> Database:
        return self.shared.db

    @property
    def settings(self) -> Settings:
        return self.shared.settings

    def forget_loaded(self) -> None:
        """Drop memoised rows, e.g. before rendering the next event of a long subscription."""
        self._loaders.clear()

    def close(self) -> None:
        """The operation is over: let go of its loaders and streams.

        Both refer back to this context (a loader's batch function closes over the context it
        was made for; a subscription's streams hold the context that holds them), so without
        this the context and everything it reached would wait, in a reference cycle, for the
        garbage collector's full collection, which the serving GC settings run rarely.
        """
        self._loaders.clear()
        self.streams = None

    def loader(
        self, factory: Callable[[Context], DataLoader[K, V]], path: tuple[str, ...] = ()
    ) -> DataLoader[K, V]:
        """The DataLoader made by `factory` for one field path, created on first use.

        One loader per path: every row at a path loads in the same batch, and batches of
        different paths never depend on which finished first, so the statements a query
        costs depend on its document only, not on timing or on the number of rows.
        """
        key = (factory, path)
        loader = self._loaders.get(key)
        if loader is None:
            loader = self._loaders[key] = factory(self)
        return loader

    async def after_write(self, roles_changed: bool) -> None:
        """After a mutation commits: forget cached rows, and re-read the viewer's roles if
        the mutation wrote a membership."""
        self._loaders.clear()
        if roles_changed and self.viewer.user_id is not None:
            async with self.db.read() as session:
                roles = await roles_of(session, self.viewer.user_id)
            self.viewer = replace(self.viewer, roles=roles)


# the one alias every resolver is annotated with
Info = strawberry.Info[Context, None]
