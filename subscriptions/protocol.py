"""GraphQL over WebSocket with the `graphql-transport-ws` protocol (and no other).

The rules of the protocol (github.com/enisdenjo/graphql-ws, PROTOCOL.md): connection_init
within a time limit (4408), once only (4429), before any subscribe (4401); unique operation
ids (4409); a bad message closes with 4400. The token in connection_init's `authorization`
authenticates the socket (4403 if it is not valid) and is checked again for each operation;
when it is revoked or expires, the socket closes with 4403 (subscriptions/tokens.py). A
context lives for one operation, never for the whole socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass
from typing import Any, NoReturn

from graphql import OperationType
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState
from strawberry import Schema
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

from app.services.viewer import InvalidToken, authenticate
from schema.context import Context, Shared
from schema.operations import choose_operation
from schema.protection import UNEXPECTED_MESSAGE
from subscriptions.eager import start_eagerly
from subscriptions.fanout.payloads import dumps, error_list, result_payload
from subscriptions.fanout.registry import FanOut
from subscriptions.live.direct import DirectStreams
from subscriptions.live.registry import Feeds
from subscriptions.tokens import TokenWatch

logger = logging.getLogger("samverka.ws")

PROTOCOL = "graphql-transport-ws"
MAX_OPERATIONS_PER_SOCKET = 100
# when the socket's token ends: how long a query or mutation under way may take to answer
ANSWER_GRACE_SECONDS = 2.0


MAX_REASON_BYTES = 123  # what a close frame carries


def close_reason(reason: str) -> str:
    """A reason a close frame can carry, though it repeat what a client sent: UTF-8 (a lone
    surrogate escaped) and at most 123 bytes (cut between characters)."""
    raw = reason.encode("utf-8", "backslashreplace")[:MAX_REASON_BYTES]
    return raw.decode("utf-8", "ignore")


class Closed(Exception):
    """The socket was closed; stop handling it."""


@dataclass(frozen=True, eq=False)
class Serving:
    """What a socket's operations are served with (one per process)."""

    shared: Shared
    schema: Schema
    feeds: Feeds
    fanout: FanOut
    tokens: TokenWatch


class Connection:
    """One WebSocket: reads messages, runs operations, writes through one bounded queue."""

    def __init__(self, websocket: WebSocket, serving: Serving) -> None:
        self.websocket = websocket
        self.serving = serving
        self.settings = serving.shared.settings
        self.authorization: str | None = None
        self.init_received = False
        self.acknowledged = False
        self.operations: dict[str, asyncio.Task[None]] = {}
        self.subscriptions: set[str] = set()  # the operations that are subscriptions
        self.ending = False  # the token ended: subscriptions send nothing more
        self.outgoing: asyncio.Queue[str] = asyncio.Queue(maxsize=self.settings.ws_outgoing_queue)
        self.token_id: int | None = None  # watched: the socket closes when the token ends
        self.closed = False
        self.broken = False  # a send failed: the reader will see the disconnect
        self.writer_idle = False
        self.in_flight: asyncio.Task[None] | None = None  # an eager send that had to wait
        client = websocket.client
        self.client_address = client.host if client else "unknown"

    # -- lifecycle -------------------------------------------------------------------------
    async def serve(self) -> None:
        if PROTOCOL not in self.websocket.scope.get("subprotocols", []):
            await self.websocket.accept()
            with contextlib.suppress(Closed):  # a refusal is a close, never a traceback
                await self.close(4406, "Subprotocol not acceptable")
            return
        await self.websocket.accept(subprotocol=PROTOCOL)
        writer = asyncio.create_task(self._write_loop(), name="ws-writer")
        init_timer = asyncio.create_task(self._init_timeout(), name="ws-init-timeout")
        try:
            await self._read_loop()
        except (Closed, WebSocketDisconnect):
            pass
        finally:
            self.closed = True
            if self.token_id is not None:
                self.serving.tokens.forget(self.token_id, self)
            init_timer.cancel()
            for task in list(self.operations.values()):
                task.cancel()
            writer.cancel()
            pending = [init_timer, writer, *self.operations.values()]
            if self.in_flight is not None:
                self.in_flight.cancel()
                pending.append(self.in_flight)
            for task in pending:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    async def close(self, code: int, reason: str) -> NoReturn:
        if not self.closed and self.websocket.application_state != WebSocketState.DISCONNECTED:
            self.closed = True
            with contextlib.suppress(Exception):
                await self.websocket.close(code=code, reason=close_reason(reason))
        self.closed = True
        raise Closed

    async def shut(self, code: int, reason: str) -> None:
        """Close from outside the socket's own handler, because its token ended.

        Subscriptions stop at once; a query or mutation under way (the logOut that revoked
        the token, say) may still answer, briefly, before the socket closes.
        """
        if self.ending or self.closed:
            return
        self.ending = True
        for operation_id in list(self.subscriptions):
            task = self.operations.pop(operation_id, None)
            if task is not None:
                task.cancel()
        answering = list(self.operations.values())
        if answering:
            await asyncio.wait(answering, timeout=ANSWER_GRACE_SECONDS)
        with contextlib.suppress(Exception):  # a timeout, or a send that failed
            async with asyncio.timeout(ANSWER_GRACE_SECONDS):
                await self.outgoing.join()  # what is queued is sent
                if self.in_flight is not None:
                    await self.in_flight
        with contextlib.suppress(Closed):
            await self.close(code, reason)

    async def _init_timeout(self) -> None:
        await asyncio.sleep(self.settings.ws_connection_init_timeout_seconds)
        if not self.init_received:
            with contextlib.suppress(Closed):
                await self.close(4408, "Connection initialisation timeout")

    async def _write_loop(self) -> None:
        while True:
            self.writer_idle = True
            text = await self.outgoing.get()
            self.writer_idle = False
            try:
                if self.in_flight is not None:
                    await self.in_flight  # an eager send before this one: keep the order
                await self.websocket.send_text(text)
            except Exception:  # noqa: BLE001  (the reader notices the disconnect)
                self.broken = True
                return
            finally:
                self.outgoing.task_done()

    async def send(self, message: dict[str, Any]) -> None:
        await self.send_raw(dumps(message))

    async def send_raw(self, text: str) -> None:
        """Queue a message, waiting for room (the writer sends them in order)."""
        if not self.closed:
            await self.outgoing.put(text)

    def offer(self, text: str) -> bool:
        """Queue a message without waiting; False if the socket is too far behind."""
        if self.closed or self.broken or self.ending:
            return True
        if self.writer_idle and self.in_flight is None and self.outgoing.empty():
            self._send_eagerly(text)
            return True
        try:
            self.outgoing.put_nowait(text)
        except asyncio.QueueFull:
            return False
        return True

    def _send_eagerly(self, text: str) -> None:
        """Nothing is queued and nothing is being sent: write now, without a task switch."""
        try:
            rest = start_eagerly(self.websocket.send_text(text))
        except Exception:  # noqa: BLE001  (the reader notices the disconnect)
            self.broken = True
            return
        if rest is not None:  # the socket is paused: later messages queue behind this one
            self.in_flight = rest
            rest.add_done_callback(self._eager_done)

    def _eager_done(self, task: asyncio.Task[None]) -> None:
        if self.in_flight is task:
            self.in_flight = None
        if not task.cancelled() and task.exception() is not None:
            self.broken = True

    # -- reading ---------------------------------------------------------------------------
    async def _read_loop(self) -> None:
        while not self.closed:
            message = await self.websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            if text is None:
                await self.close(4400, "WebSocket message type must be text")
            if too_large(text, self.settings.max_body_bytes):
                await self.close(1009, "Message too big")
            try:
                data = json.loads(text)
            except (ValueError, RecursionError):
                await self.close(4400, "WebSocket message must be valid JSON")
            if not isinstance(data, dict) or not isinstance(data.get("type"), str):
                await self.close(4400, "Invalid message")
            await self._dispatch(data)

    async def _dispatch(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "connection_init":
            await self._on_init(message.get("payload"))
        elif kind == "ping":
            await self.send({"type": "pong"})
        elif kind == "pong":
            return
        elif kind == "subscribe":
            await self._on_subscribe(message)
        elif kind == "complete":
            operation_id = message.get("id")
            if isinstance(operation_id, str):
                self._forget(operation_id)
        else:
            await self.close(4400, f"Unknown message type: {kind}")

    async def _on_init(self, payload: Any) -> None:
        if self.init_received:
            await self.close(4429, "Too many initialisation requests")
        self.init_received = True
        if payload is not None and not isinstance(payload, dict):
            await self.close(4400, "Invalid connection init payload")
        params = payload or {}
        authorization = params.get("authorization", params.get("Authorization"))
        if authorization is not None and not isinstance(authorization, str):
            await self.close(4403, "Forbidden")
        try:
            viewer = await authenticate(self.serving.shared.db, authorization)
        except InvalidToken:
            await self.close(4403, "Forbidden")
        self.authorization = authorization
        if viewer.token_id is not None:
            self.token_id = viewer.token_id
            self.serving.tokens.watch(viewer.token_id, self)
        self.acknowledged = True
        await self.send({"type": "connection_ack"})

    async def _on_subscribe(self, message: dict[str, Any]) -> None:
        if not self.acknowledged:
            await self.close(4401, "Unauthorized")
        operation_id = message.get("id")
        payload = message.get("payload")
        if (
            not isinstance(operation_id, str)
            or not operation_id
            or not isinstance(payload, dict)
            or not isinstance(payload.get("query"), str)
        ):
            await self.close(4400, "Invalid subscribe message")
        if operation_id in self.operations:
            await self.close(4409, f"Subscriber for {operation_id} already exists")
        if len(self.operations) >= MAX_OPERATIONS_PER_SOCKET:
            await self.send(
                {
                    "id": operation_id,
                    "type": "error",
                    "payload": [{"message": "Too many operations on this connection."}],
                }
            )
            return
        variables = payload.get("variables")
        operation_name = payload.get("operationName")
        if (variables is not None and not isinstance(variables, dict)) or (
            operation_name is not None and not isinstance(operation_name, str)
        ):
            await self.close(4400, "Invalid subscribe message")
        query = payload["query"]
        operation_name = operation_name or None  # "" names no operation, as over HTTP
        chosen = choose_operation(query, operation_name, self.settings.max_tokens)
        if chosen.error is not None:  # several operations and no name: none runs (GetOperation)
            error = {"id": operation_id, "type": "error", "payload": [{"message": chosen.error}]}
            await self.send(error)
            return
        if chosen.kind is OperationType.SUBSCRIPTION:
            self.subscriptions.add(operation_id)
        task = asyncio.create_task(
            self._run(operation_id, query, variables, operation_name),
            name=f"ws-operation-{operation_id}",
        )
        self.operations[operation_id] = task

    # -- running operations ------------------------------------------------------------------
    async def context(self) -> Context | None:
        """A fresh context for one operation; None if the socket's token no longer holds."""
        try:
            viewer = await authenticate(self.serving.shared.db, self.authorization)
        except InvalidToken:
            return None
        return Context(
            shared=self.serving.shared,
            viewer=viewer,
            client_address=self.client_address,
            streams=DirectStreams(self.serving.feeds, self.settings.ws_outgoing_queue),
        )

    async def _run(
        self,
        operation_id: str,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
    ) -> None:
        context: Context | None = None
        try:
            context = await self.context()
            if context is None:
                await self.send_error(operation_id, [{"message": "The token is no longer valid."}])
                return
            plan = self.serving.fanout.plan(query, operation_name)
            if plan is not None:
                await self.serving.fanout.serve(
                    self, operation_id, query, plan, variables, operation_name, context
                )
            else:
                await self._stream(operation_id, query, variables, operation_name, context)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001
            logger.error("unexpected %s in WebSocket operation", type(error).__name__)
            await self.send_error(operation_id, [{"message": UNEXPECTED_MESSAGE}])
        finally:
            if context is not None:
                context.close()
            # the id may already belong to a new operation (the client completed this one
            # and subscribed again with the same id while this one was cleaning up)
            if self.operations.get(operation_id) is asyncio.current_task():
                self._forget(operation_id)

    def _forget(self, operation_id: str) -> None:
        """The operation is over: its id is free again, and its task is cancelled."""
        task = self.operations.pop(operation_id, None)
        self.subscriptions.discard(operation_id)
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    async def _stream(
        self,
        operation_id: str,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        context: Context,
    ) -> None:
        source = self.serving.schema.stream(
            query, variable_values=variables, context_value=context, operation_name=operation_name
        )
        first = True
        async with contextlib.aclosing(await source) as results:
            async for result in results:
                if first and isinstance(result, PreExecutionError):
                    await self.send_error(operation_id, error_list(result))
                    return
                first = False
                if not isinstance(result, ExecutionResult):  # @defer/@stream: not offered here
                    continue
                await self.send_next(operation_id, result_payload(result))
        await self.send_complete(operation_id)

    async def send_next(self, operation_id: str, payload: dict[str, Any]) -> None:
        if operation_id in self.operations:
            await self.send({"id": operation_id, "type": "next", "payload": payload})

    async def send_error(self, operation_id: str, errors: list[dict[str, Any]]) -> None:
        if self.operations.pop(operation_id, None) is not None:
            await self.send({"id": operation_id, "type": "error", "payload": errors})

    async def send_complete(self, operation_id: str) -> None:
        if self.operations.pop(operation_id, None) is not None:
            await self.send({"id": operation_id, "type": "complete"})


def too_large(text: str, limit: int) -> bool:
    """Over `limit` bytes in UTF-8 (encoded only when the length leaves it in doubt)."""
    return len(text) > limit or (len(text) * 4 > limit and len(text.encode()) > limit)
