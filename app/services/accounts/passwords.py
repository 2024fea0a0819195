"""Password hashing with argon2id, off the event loop."""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError


def _utf8(password: str) -> bytes:
    # argon2 encodes str strictly; a lone surrogate (JSON's "\\ud800") must not crash it
    return password.encode(errors="surrogatepass")


class Passwords:
    def __init__(self, time_cost: int, memory_kib: int) -> None:
        self._hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=1, type=Type.ID
        )
        # verified against when the account does not exist, so both cases take as long
        self._decoy = self._hasher.hash("decoy password that never matches")

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hasher.hash, _utf8(password))

    async def verify(self, password_hash: str | None, password: str) -> bool:
        return await asyncio.to_thread(self._verify, password_hash, password)

    def _verify(self, password_hash: str | None, password: str) -> bool:
        try:
            self._hasher.verify(password_hash or self._decoy, _utf8(password))
        except (VerificationError, InvalidHashError):
            return False
        return password_hash is not None

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)
