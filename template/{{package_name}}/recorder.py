"""Recording what users do (`serve --record FILE`), for replay under load (tests/load_testing/).

Every ReactPy websocket message, both directions, and every plain HTTP request
becomes one JSON line, written and flushed as it happens, so stopping the
server (Ctrl-C, SIGTERM, a crash) loses nothing already recorded. Nothing here
is installed unless recording is asked for: the normal serving path is untouched.
Passwords, tokens and fields marked sensitive are redacted first (redaction.py).

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

import json
import os
import time
from pathlib import Path
from typing import Any, TextIO
from uuid import uuid4

import reactpy.backend.sanic as reactpy_sanic
from reactpy.core.serve import Stop
from sanic import Request, Sanic
from sanic.response import BaseHTTPResponse
from sqlalchemy.engine import URL

from .app import App, create_app
from .errors import AppError
from .redaction import ConnectionRedactor, redact_query
from .settings import Settings

RECORDING_FORMAT = 1


def prepare_recording(path: Path) -> None:
    """Check, before serving, that the recording can be written (its folder is created)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise AppError(f"cannot write the recording {path}: {exc.strerror}") from None


class Recorder:
    """Appends one JSON line per event to a file, flushed at once."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Append: several worker processes may share one recording file; each line
        # is one write of a line-buffered file, so lines do not interleave.
        self._file: TextIO = path.open("a", buffering=1, encoding="utf-8")
        self.write({"kind": "recording", "format": RECORDING_FORMAT, "pid": os.getpid()})

    def write(self, record: dict[str, Any]) -> None:
        if self._file.closed:
            return  # a connection still closing after the server stopped
        record["at"] = time.time()
        self._file.write(json.dumps(record, separators=(",", ":")) + "\n")

    def close(self) -> None:
        self._file.close()


PAGE_STATE_FIELDS = {"layout-update": "state_vars", "client-state": "value"}


def without_page_state(payload: Any) -> Any:
    """The message as recorded: the fork's page state (typed text, signed) left out."""
    field = PAGE_STATE_FIELDS.get(str(payload.get("type"))) if isinstance(payload, dict) else None
    if field is None or field not in payload:
        return payload
    return {key: value for key, value in payload.items() if key != field}


def recording_app(settings: Settings, database_url: URL | str, path: Path) -> App:
    """`create_app`, plus the recorder: the factory `serve --record` runs in each worker."""
    app = create_app(settings, database_url)
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
            except Stop:
                recorder.write({"kind": "close", "connection": connection})
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

    @app.on_response  # type: ignore[untyped-decorator]
    async def record_request(request: Request, response: BaseHTTPResponse) -> None:
        recorder.write(
            {
                "kind": "http",
                "method": request.method,
                "path": request.path,
                "query": redact_query(request.query_string),
                "status": response.status,
            }
        )

    @app.after_server_stop
    async def close_recording(_app: Sanic[Any, Any]) -> None:
        recorder.close()
