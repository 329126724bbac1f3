"""Recording what users do (`serve --record FILE`), for replay under load (tests/load_testing/).

Every ReactPy websocket message, both directions, and every plain HTTP request
becomes one JSON line. The event loop only timestamps each event and queues it
(redacted first, redaction.py); a writer thread encodes and appends what is
queued, a batch of whole lines per write, every 50 ms. A connection's lines are on
disk by the time it closes (its close waits for them), and everything queued is on
disk once the server stops (Ctrl-C, SIGTERM); a crash loses at most the last 50 ms.
Nothing here is installed unless recording is asked for: the normal serving path
is untouched.

The lines (`at` is seconds since the epoch; `direction` is from the server's view):
    {"kind": "recording", "format": 1, "at": ..., "pid": ...}
    {"kind": "open", "connection": "…", "at": ...}
    {"kind": "ws", "connection": "…", "direction": "recv"|"send", "at": ..., "payload": {...}}
    {"kind": "close", "connection": "…", "at": ...}
    {"kind": "http", "method": "GET", "path": "/api/notes", "query": "", "status": 200, "at": ...}

On a ReactPy fork that resumes connections (see frontend/reactpy_compat.py), the
page's state travels too: `state_vars` in each layout update and the `client-state`
the browser sends back when it reconnects. That is whatever the user typed
(passwords included), so it is left out of the recording; replay needs none of it.
"""

import asyncio
import atexit
import json
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any
from uuid import uuid4

import msgspec
import reactpy.backend.sanic as reactpy_sanic
from reactpy.core.serve import Stop
from sanic import Request, Sanic
from sanic.compat import Header
from sanic.response import BaseHTTPResponse
from sqlalchemy.engine import URL

from .app import App, create_app
from .errors import AppError
from .redaction import ConnectionRedactor, redact_query
from .settings import Settings

RECORDING_FORMAT = 1
# The writer thread wakes this often, or at once when a closing connection waits: a
# wake-up per line would hand the GIL back and forth per request, costing more than
# the writing. A crash loses at most this much.
WRITE_EVERY_S = 0.05
BATCH_LINES = 512  # encoded and appended per write at most

log = logging.getLogger(__name__)


def prepare_recording(path: Path) -> None:
    """Check, before serving, that the recording can be written (its folder is created)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise AppError(f"cannot write the recording {path}: {exc.strerror}") from None


_STOP = object()  # queued by close(): the writer thread ends once what came before is written


class Recorder:
    """Appends one JSON line per event to a file; a writer thread does the encoding and
    the writing, so the event loop never waits on the disk.

    Several worker processes may share one recording file: it is opened for appending
    and each write is one `write()` of whole lines, so lines never interleave.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = path.open("ab", buffering=0)  # each batch straight to the OS
        # What the loop hands over: a record, an HTTP request's tuple, a callable (run
        # once everything before it is written) or _STOP. A deque: appending takes no
        # lock and wakes no one.
        self._pending: deque[Any] = deque()
        self._wake = threading.Event()  # write now, without waiting WRITE_EVERY_S
        self._closed = False
        self._writer = threading.Thread(target=self._write_pending, name="recorder", daemon=True)
        self._writer.start()
        atexit.register(self.close)  # a process that ends without stopping its server
        self.write({"kind": "recording", "format": RECORDING_FORMAT, "pid": os.getpid()})

    def write(self, record: dict[str, Any]) -> None:
        """Queue one line; `record` must not change afterwards (it is encoded later)."""
        if self._closed:
            return  # a connection still closing after the server stopped
        record["at"] = time.time()
        self._pending.append(record)

    def request(self, method: str, path: str, query: str, status: int) -> None:
        """Queue an HTTP request's line; it is put together (query redacted) by the writer,
        so a request pays only for the append."""
        if not self._closed:
            self._pending.append((method, path, query, status, time.time()))

    async def flushed(self) -> None:
        """Wait until every line queued so far is written to the file."""
        if self._closed:
            return
        loop = asyncio.get_running_loop()
        written = loop.create_future()

        def wake() -> None:  # in the writer thread
            with suppress(RuntimeError):  # the loop has closed: no one waits any more
                loop.call_soon_threadsafe(_resolve, written)

        self._pending.append(wake)
        self._wake.set()
        await written

    def close(self) -> None:
        """Write everything queued, stop the writer thread, close the file."""
        if self._closed:
            return
        self._closed = True
        atexit.unregister(self.close)
        self._pending.append(_STOP)
        self._wake.set()
        self._writer.join()
        self._file.close()

    def _write_pending(self) -> None:
        stopping = False
        while not stopping:
            self._wake.wait(WRITE_EVERY_S)
            self._wake.clear()  # what is queued from here on is seen by the drain below
            while self._pending:
                batch = [self._pending.popleft()]
                while self._pending and len(batch) < BATCH_LINES:
                    batch.append(self._pending.popleft())
                stopping = self._write_batch(batch) or stopping

    def _write_batch(self, batch: list[Any]) -> bool:
        """Write the batch's lines, then wake who waited for them; True at _STOP."""
        lines: list[bytes] = []
        waiting: list[Callable[[], None]] = []
        stop = False
        for item in batch:
            if item is _STOP:
                stop = True
            elif callable(item):
                waiting.append(item)
            elif isinstance(item, tuple):
                method, path, query, status, at = item
                http = {"kind": "http", "method": method, "path": path}
                http |= {"query": redact_query(query), "status": status, "at": at}
                lines.append(_encoded(http))
            else:
                lines.append(_encoded(item))
        try:
            self._append(b"".join(lines))
        except OSError:  # a full disk, say: the lines are lost, the server goes on
            log.exception("recording: %d lines could not be written", len(lines))
        for wake in waiting:
            wake()
        return stop

    def _append(self, data: bytes) -> None:
        view = memoryview(data)
        while view:  # a regular file takes it all in one write, unless the disk is full
            view = view[self._file.write(view) :]


def _encoded(record: dict[str, Any]) -> bytes:
    """One line: msgspec (also the API's encoder), 20 times as fast as the json module on
    these small records; the json module for what msgspec refuses (a key that is not a
    string or a number), so a browser's odd message never stops the recording."""
    try:
        return _encode(record) + b"\n"
    except TypeError:
        return json.dumps(record, separators=(",", ":"), default=repr).encode() + b"\n"


_encode = msgspec.json.Encoder().encode


def _resolve(future: "asyncio.Future[None]") -> None:
    if not future.done():  # its waiter may have been cancelled meanwhile
        future.set_result(None)


PAGE_STATE_FIELDS = {"layout-update": "state_vars", "client-state": "value"}


def without_page_state(payload: Any) -> Any:
    """The message as recorded: the fork's page state (typed text, signed) left out."""
    field = PAGE_STATE_FIELDS.get(str(payload.get("type"))) if isinstance(payload, dict) else None
    if field is None or field not in payload:
        return payload
    return {key: value for key, value in payload.items() if key != field}


def recording_app(settings: Settings, database_url: URL | str, path: Path) -> App:
    """`create_app`, plus the recorder: the factory `serve --record` runs in each worker."""
    app = create_app(settings, database_url, on_sanic_server=True)
    install(app, Recorder(path))
    return app


def install(app: Sanic[Any, Any], recorder: Recorder) -> None:
    """Record the app's HTTP requests and every ReactPy websocket of this process."""
    # ReactPy's Sanic backend builds a (send, recv) pair per websocket with this
    # module-level function and looks it up on each connection, so wrapping it
    # sees every message. Checked here so a ReactPy upgrade fails loudly.
    make_callbacks = getattr(reactpy_sanic, "_make_send_recv_callbacks", None)
    if make_callbacks is None:
        raise RuntimeError("this ReactPy has no _make_send_recv_callbacks: recording cannot work")

    # Payloads are queued, then encoded by the writer thread: safe because the redactor
    # copies every model node it records and ReactPy builds a new message per update.
    def recording_callbacks(socket: Any) -> tuple[Any, Any]:
        send, recv = make_callbacks(socket)
        connection = uuid4().hex[:12]
        redactor = ConnectionRedactor()
        recorder.write({"kind": "open", "connection": connection})

        async def recorded_send(value: Any) -> None:
            await send(value)
            payload = redactor.sent(value)
            recorder.write(
                {
                    "kind": "ws",
                    "connection": connection,
                    "direction": "send",
                    "payload": without_page_state(payload),
                }
            )

        async def recorded_recv() -> Any:
            try:
                value = await recv()
            except Stop:  # the browser closed the connection
                recorder.write({"kind": "close", "connection": connection})
                await recorder.flushed()  # the connection's lines are on disk when it ends
                raise
            except BaseException:  # cancelled: the server is stopping, or a send failed
                recorder.write({"kind": "close", "connection": connection})  # written at stop
                raise
            payload = redactor.received(value)
            recorder.write(
                {
                    "kind": "ws",
                    "connection": connection,
                    "direction": "recv",
                    "payload": without_page_state(payload),
                }
            )
            return value

        return recorded_send, recorded_recv

    reactpy_sanic._make_send_recv_callbacks = recording_callbacks

    # Every response passes through the request class's `respond`, as the security
    # headers do (backend/middleware/headers.py): a response middleware would cost
    # each request Sanic's signal dispatches too.
    base: type[Request[Any, Any]] = app.request_class

    class RecordingRequest(base):  # type: ignore[valid-type,misc]
        __slots__ = ()  # no per-request __dict__ (Sanic's Request has slots)

        def note_probe(self, status: int) -> None:
            """A probe answered past the layers (backend/middleware/probes.py): kept too."""
            recorder.request(self.method, self.path, self.query_string, status)

        async def respond(
            self,
            response: BaseHTTPResponse | None = None,
            *,
            status: int = 200,
            headers: Header | dict[str, str] | None = None,
            content_type: str | None = None,
        ) -> Any:
            final_status = response.status if response is not None else status
            recorder.request(self.method, self.path, self.query_string, final_status)
            return await super().respond(
                response, status=status, headers=headers, content_type=content_type
            )

    app.request_class = RecordingRequest

    @app.after_server_stop
    async def close_recording(_app: Sanic[Any, Any]) -> None:
        recorder.close()
