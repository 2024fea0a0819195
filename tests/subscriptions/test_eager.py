"""Eager sending: a message goes out in the caller when the socket is free, and in order
behind a send that had to wait."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import cast

import pytest
from starlette.websockets import WebSocket

from subscriptions.eager import start_eagerly
from subscriptions.protocol import Connection, Serving


async def test_a_coroutine_that_never_waits_runs_to_the_end_in_the_caller() -> None:
    done: list[str] = []

    async def work() -> None:
        done.append("sent")

    assert start_eagerly(work()) is None
    assert done == ["sent"]


async def test_a_coroutine_that_waits_is_finished_by_a_task() -> None:
    gate = asyncio.Event()
    steps: list[str] = []

    async def work() -> None:
        steps.append("before")
        await gate.wait()
        steps.append("after")

    task = start_eagerly(work())
    assert task is not None
    assert steps == ["before"]
    await asyncio.sleep(0)
    assert not task.done()
    gate.set()
    await task
    assert steps == ["before", "after"]


async def test_an_error_before_waiting_reaches_the_caller() -> None:
    async def work() -> None:
        raise ConnectionResetError

    with pytest.raises(ConnectionResetError):
        start_eagerly(work())


async def test_an_error_after_waiting_ends_the_task() -> None:
    async def work() -> None:
        await asyncio.sleep(0)
        raise ConnectionResetError

    task = start_eagerly(work())
    assert task is not None
    with pytest.raises(ConnectionResetError):
        await task


async def test_cancelling_the_task_cancels_the_coroutine() -> None:
    cleaned: list[bool] = []

    async def work() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            cleaned.append(True)

    task = start_eagerly(work())
    assert task is not None
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert cleaned == [True]


async def test_closing_an_abandoned_task_closes_the_coroutine_too() -> None:
    cleaned: list[bool] = []

    async def work() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            cleaned.append(True)

    coroutine = work()
    task = start_eagerly(coroutine)
    assert task is not None
    await asyncio.sleep(0)
    # a pending task that is garbage-collected: its objects are finalised in any order
    coroutine.close()
    task.get_coro().close()
    assert cleaned == [True]
    task.cancel()


class PausingSocket:
    """A socket whose transport pauses while one chosen message is being written."""

    def __init__(self, pause_on: str) -> None:
        self.pause_on = pause_on
        self.resume = asyncio.Event()
        self.sent: list[str] = []
        self.client = None

    async def send_text(self, text: str) -> None:
        if text == self.pause_on:
            await self.resume.wait()
        self.sent.append(text)


def connection(socket: PausingSocket, queue: int = 8) -> Connection:
    settings = SimpleNamespace(ws_outgoing_queue=queue)
    serving = SimpleNamespace(shared=SimpleNamespace(settings=settings))
    return Connection(cast("WebSocket", socket), cast("Serving", serving))


async def test_a_free_socket_gets_the_message_before_offer_returns() -> None:
    socket = PausingSocket(pause_on="never")
    conn = connection(socket)
    writer = asyncio.create_task(conn._write_loop())
    await asyncio.sleep(0)
    assert conn.offer("a")
    assert socket.sent == ["a"]
    writer.cancel()


async def test_messages_offered_behind_a_paused_send_keep_their_order() -> None:
    socket = PausingSocket(pause_on="b")
    conn = connection(socket)
    writer = asyncio.create_task(conn._write_loop())
    await asyncio.sleep(0)
    for text in "abcd":
        assert conn.offer(text)
    assert socket.sent == ["a"]
    await conn.send_raw("e")
    await asyncio.sleep(0.01)
    assert socket.sent == ["a"]
    socket.resume.set()
    for _ in range(20):
        await asyncio.sleep(0)
    assert socket.sent == list("abcde")
    assert conn.offer("f")
    assert socket.sent == list("abcdef")  # free again: eager once more
    writer.cancel()


async def test_a_paused_socket_refuses_offers_once_its_queue_is_full() -> None:
    socket = PausingSocket(pause_on="first")
    conn = connection(socket, queue=8)
    writer = asyncio.create_task(conn._write_loop())
    await asyncio.sleep(0)
    assert conn.offer("first")
    accepted = [conn.offer(str(n)) for n in range(10)]
    assert accepted == [True] * 8 + [False] * 2
    writer.cancel()


async def test_a_failed_send_stops_further_sends_quietly() -> None:
    class Broken:
        client = None

        async def send_text(self, text: str) -> None:
            raise ConnectionResetError

    conn = connection(cast("PausingSocket", Broken()))
    writer = asyncio.create_task(conn._write_loop())
    await asyncio.sleep(0)
    assert conn.offer("a")
    assert conn.broken
    assert conn.offer("b")  # dropped: the reader sees the disconnect and ends the socket
    assert conn.outgoing.empty()
    writer.cancel()
