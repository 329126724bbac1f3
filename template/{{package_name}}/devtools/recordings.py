"""Reading recordings written by `serve --record` (see recorder.py): connections and counts."""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import AppError

RECORDING_SUFFIXES = (".jsonl", ".ndjson")


class RecordingError(AppError):
    status = 400


@dataclass
class Message:
    """One websocket message; `direction` is from the server's view ("recv": from the browser)."""

    index: int  # position among the connection's messages, from 0
    direction: str
    at: float
    payload: dict[str, Any]


@dataclass
class Connection:
    id: str
    messages: list[Message] = field(default_factory=list)

    @property
    def received(self) -> int:
        return sum(m.direction == "recv" for m in self.messages)

    @property
    def sent(self) -> int:
        return len(self.messages) - self.received

    @property
    def duration(self) -> float:
        return self.messages[-1].at - self.messages[0].at if self.messages else 0.0


@dataclass
class Recording:
    path: Path
    connections: dict[str, Connection]
    http_requests: int
    started: float | None

    def most_active(self) -> Connection:
        """The default connection to replay: the one the browser sent the most events on."""
        if not self.connections:
            raise RecordingError(f"{self.path} holds no websocket connection")
        return max(self.connections.values(), key=lambda c: (c.received, len(c.messages)))

    def connection(self, connection_id: str | None) -> Connection:
        if connection_id is None:
            return self.most_active()
        try:
            return self.connections[connection_id]
        except KeyError:
            known = ", ".join(self.connections) or "none"
            raise RecordingError(
                f"{self.path} has no connection {connection_id!r} (it has: {known})"
            ) from None


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        with path.open(encoding="utf-8") as file:
            for number, line in enumerate(file, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    # The last line of a recording cut off mid-write is skipped.
                    continue
                if isinstance(record, dict):
                    yield number, record
    except OSError as exc:
        raise RecordingError(f"cannot read recording {path}: {exc.strerror}") from None


def load(path: Path) -> Recording:
    connections: dict[str, Connection] = {}
    http_requests = 0
    started = None
    for number, record in _lines(path):
        kind = record.get("kind")
        if kind == "recording":
            started = started or record.get("at")
        elif kind == "http":
            http_requests += 1
        elif kind == "ws":
            try:
                connection = connections.setdefault(
                    record["connection"], Connection(record["connection"])
                )
                message = Message(
                    len(connection.messages), record["direction"], record["at"], record["payload"]
                )
            except KeyError as exc:
                raise RecordingError(f"{path}, line {number}: no {exc.args[0]!r}") from None
            connection.messages.append(message)
    if started is None:
        raise RecordingError(f"{path} is not a recording (no header line from serve --record)")
    return Recording(path, connections, http_requests, started)


def recording_files(location: Path) -> list[Path]:
    """A recording file itself, or the recordings in a folder (newest last)."""
    if location.is_file():
        return [location]
    if not location.is_dir():
        raise RecordingError(f"no such file or folder: {location}")
    found = [p for p in location.iterdir() if p.suffix in RECORDING_SUFFIXES and p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime)
