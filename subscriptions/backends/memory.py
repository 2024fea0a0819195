"""In-process broadcast for the embedded default: nothing to lose or reconnect."""

from __future__ import annotations

from broadcaster._backends.memory import MemoryBackend as _MemoryBackend


class MemoryBackend(_MemoryBackend):
    is_connected = True
    reconnects = 0

    async def ping(self) -> bool:
        return True
