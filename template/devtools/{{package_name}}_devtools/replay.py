"""Replaying one recorded ReactPy connection against a live server, as its browser did.

ReactPy 1.x gives every event handler a random target id when it renders
(`uuid4().hex` in reactpy/core/layout.py), so a recorded event names a target
that does not exist in a new session, and the server drops it ("Ignored event").
The replayer therefore keeps two copies of the page: the recorded one, rebuilt
from the recorded layout updates, and the live one, built from the updates it
receives now. Each recorded event is located in the recorded page (the nearest
element with an `id` and the child positions below it, plus the event name) and
sent to the handler at that place in the live page. The rendered project stays
plain ReactPy: nothing in the pages has to change for load testing.

Each browser message is sent when the recording sent it (pauses scaled by
`pace`), and the replayer waits for the answers the recording got: a layout
update at each place of the page the recording's answers changed (renders may
merge differently under load, so places count, not updates; an update can also
come before the message the recording got it after, such as a page's data that
loaded while its user typed, and then counts for that message). An event that gets
no answer where the recording got one is a failed replay (ReplayError naming
the message and why), never a silent success. The websocket client is the
synchronous `websocket-client`, which gevent (Locust) makes cooperative.

On a ReactPy fork that resumes connections, a connection opens with a handshake
(`reconnecting-check`, `is-ready`); a recorded reconnect (the browser answering
"yes", then sending its `client-state`) is replayed as a new connection: the
state it carried is not recorded, and the live server renders the page afresh.

A recording holds no password or token (the project's redaction.py): where the
browser's message says `REDACTED`, the replay sends a stand-in, the replaying
user's own password (Locust's users pass theirs) or one made for the session.
"""

import json
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import websocket

from .recordings import REDACTED, Connection

STREAM_PATH = "/_reactpy/stream"
# After an event's answers came, how long the page may stay quiet before the replay
# takes the updates it still expected as merged into those it got.
SETTLE_S = 0.25

Steps = tuple[int, ...]


class ReplayError(Exception):
    """The replay failed; the message names the recorded message and why."""


@dataclass(frozen=True)
class Locator:
    """Where a handler sits on the page, the same in every session of the same page."""

    event: str
    anchor: str | None  # `id` of the nearest element that has one (None: the page root)
    steps: Steps  # child positions from the anchor down to the element

    def __str__(self) -> str:
        where = f"#{self.anchor}" if self.anchor else "the page root"
        below = f" > {'/'.join(map(str, self.steps))}" if self.steps else ""
        return f"{self.event} on {where}{below}"


class PageMirror:
    """A client's copy of the server's layout, built from layout-update messages."""

    def __init__(self) -> None:
        self.model: dict[str, Any] = {}
        self.paths: list[str] = []  # where each layout update landed, in order

    def apply(self, message: dict[str, Any]) -> None:
        if message.get("type") != "layout-update":
            return
        self.paths.append(message["path"].rstrip("/"))
        parts = [p for p in message["path"].split("/") if p]
        if not parts:
            self.model = message["model"]
            return
        parent: Any = self.model
        try:
            for part in parts[:-1]:
                parent = parent[int(part)] if isinstance(parent, list) else parent[part]
            last = parts[-1]
            parent[int(last) if isinstance(parent, list) else last] = message["model"]
        except (KeyError, IndexError, ValueError, TypeError):
            raise ReplayError(
                f"a layout update at {message['path']} does not fit the page received so far"
            ) from None

    def _handlers(self) -> Iterator[tuple[Locator, str]]:
        """(where, target) of every handler on the page."""
        stack: list[tuple[Any, str | None, Steps]] = [(self.model, None, ())]
        while stack:
            node, anchor, steps = stack.pop()
            if not isinstance(node, dict):
                continue
            element_id = node.get("attributes", {}).get("id")
            if element_id:
                anchor, steps = str(element_id), ()
            for event, handler in node.get("eventHandlers", {}).items():
                yield Locator(event, anchor, steps), handler["target"]
            for position, child in enumerate(node.get("children", [])):
                stack.append((child, anchor, (*steps, position)))

    def locate(self, target: str) -> Locator | None:
        return next((where for where, t in self._handlers() if t == target), None)

    def target(self, locator: Locator) -> str | None:
        return next((t for where, t in self._handlers() if where == locator), None)


def _covered(expected: str, updated: list[str]) -> bool:
    """Whether an update landed at `expected` or at a place around it."""
    return any(expected == path or expected.startswith(path + "/") for path in updated)


def _not_yet_answered(places: tuple[str, ...], unclaimed: list[str]) -> tuple[str, ...]:
    """PLACES less those an unclaimed update landed at, which it then answers (removed from
    UNCLAIMED). Only an update at the place itself: one around it (the page holding the
    form) may have come before the message whose answer is the form's own update."""
    early = {place for place in places if place in unclaimed}
    for place in early:
        unclaimed.remove(place)
    return tuple(place for place in places if place not in early)


def _answering_none(paths: list[str], places: tuple[str, ...]) -> list[str]:
    """The updates at PATHS that answered none of the PLACES their message waited for."""
    return [path for path in paths if not any(_covered(place, [path]) for place in places)]


@dataclass(frozen=True)
class Step:
    """A message the browser sent, ready to replay."""

    index: int  # the message's position in the recorded connection
    delay: float  # seconds after the previous browser message, as recorded
    payload: dict[str, Any]
    locator: Locator | None  # None: not an event, sent as recorded
    answers: tuple[str, ...] = ()  # where the recording's answers landed, in order

    def describe(self) -> str:
        what = str(self.locator) if self.locator else self.payload.get("type", "message")
        return f"message {self.index} ({what})"


@dataclass(frozen=True)
class Script:
    """A recorded connection, ready to replay."""

    connection: str
    opening: tuple[str, ...]  # the updates that came before the browser's first message
    steps: list[Step]


def as_new_connection(payload: dict[str, Any]) -> dict[str, Any] | None:
    """A browser message to replay, None to leave out (the fork's reconnect messages)."""
    if payload.get("type") == "client-state":
        return None
    if payload.get("type") == "reconnecting-check":
        return {**payload, "value": "no"}
    return payload


def plan(connection: Connection) -> Script:
    """The browser's messages of a recorded connection, each located on the recorded page."""
    recorded = PageMirror()
    located: list[tuple[int, Step]] = []  # (updates so far, step)
    previous_at = connection.messages[0].at if connection.messages else 0.0
    for message in connection.messages:
        if message.direction == "send":
            recorded.apply(message.payload)
            continue
        payload = as_new_connection(message.payload)
        if payload is None:
            continue  # its answers count as the previous message's
        locator = None
        if payload.get("type") == "layout-event":
            locator = recorded.locate(message.payload["target"])
            if locator is None:
                raise ReplayError(
                    f"message {message.index}: its target is on no element of the recorded page "
                    "(an incomplete recording?)"
                )
        step = Step(message.index, message.at - previous_at, payload, locator)
        located.append((len(recorded.paths), step))
        previous_at = message.at
    if not located:
        raise ReplayError(f"connection {connection.id} has no message from the browser to replay")
    ends = [count for count, _ in located[1:]] + [len(recorded.paths)]
    steps = [
        replace(step, answers=tuple(recorded.paths[start:end]))
        for (start, step), end in zip(located, ends, strict=True)
    ]
    return Script(connection.id, tuple(recorded.paths[: located[0][0]]), steps)


def with_stand_in(value: Any, stand_in: str) -> Any:
    """`value` with `REDACTED` replaced by `stand_in` wherever it occurs."""
    if isinstance(value, str):
        return value.replace(REDACTED, stand_in)
    if isinstance(value, list):
        return [with_stand_in(item, stand_in) for item in value]
    if isinstance(value, dict):
        return {key: with_stand_in(item, stand_in) for key, item in value.items()}
    return value


RoundTrip = Callable[[str, float], None]


class Replayer:
    """Replays a script: connect, send each message when due, wait for its answers."""

    def __init__(
        self,
        script: Script,
        *,
        pace: float = 1.0,
        timeout: float = 10.0,
        on_round_trip: RoundTrip | None = None,
        stand_in: str | None = None,
    ) -> None:
        self.script = script
        self.stand_in = stand_in  # for redacted values; None: a new one per session
        self.pace = pace  # 1: the recorded pauses, 0.5: twice as fast, 0: no pauses
        self.timeout = timeout
        self.on_round_trip = on_round_trip

    def run(self, base_url: str, headers: dict[str, str] | None = None) -> None:
        url = base_url.rstrip("/").replace("http", "ws", 1) + STREAM_PATH
        try:
            socket = websocket.create_connection(
                url, timeout=self.timeout, header=headers or {}, enable_multithread=False
            )
        except (OSError, websocket.WebSocketException) as exc:
            raise ReplayError(f"cannot connect to {url}: {exc}") from None
        try:
            self._play(socket, self.stand_in or secrets.token_urlsafe(16))
        finally:
            socket.close()

    def _play(self, socket: websocket.WebSocket, stand_in: str) -> None:
        live = PageMirror()
        sent_at = time.monotonic()
        # Updates that answered none of the places their message waited for: a late answer
        # to an earlier message (a page's data loading after its first render) that the
        # recording got after a later message, and the live server sent before it.
        unclaimed: list[str] = []
        self._await_answers(socket, live, self.script.opening, 0, None)
        unclaimed += _answering_none(live.paths, self.script.opening)
        previous: Step | None = None
        for step in self.script.steps:
            waited = len(live.paths)
            due = sent_at + step.delay * self.pace
            self._pump(socket, live, until=lambda: False, deadline=due, during=previous)
            payload = with_stand_in(step.payload, stand_in)
            if step.locator is not None:
                payload = {**payload, "target": self._await_target(socket, live, step)}
            since = len(live.paths)
            unclaimed.extend(live.paths[waited:since])  # came while no message waited
            sent_at = time.monotonic()
            self._send(socket, payload, step)
            awaited = _not_yet_answered(step.answers, unclaimed)
            self._await_answers(socket, live, awaited, since, step)
            unclaimed += _answering_none(live.paths[since:], step.answers)
            previous = step

    def _await_answers(
        self,
        socket: websocket.WebSocket,
        live: PageMirror,
        expected: tuple[str, ...],
        since: int,
        step: Step | None,
    ) -> None:
        """Receive until an update landed at each place the recording's answers did.

        Then until as many updates came as in the recording, so that the next
        message goes out when the browser's did. Renders the recording got one by
        one can come merged now (ReactPy renders a component once for all the state
        changes that came before it got to it), so that wait also ends once no
        update came for SETTLE_S (or for as long as the answer took, if longer):
        missing ones never fail the replay, nor hold a session for the whole timeout.
        """
        if not expected:
            return
        places = set(expected)
        started = time.monotonic()
        deadline = started + self.timeout

        def missing() -> list[str]:
            return sorted(p for p in places if not _covered(p, live.paths[since:]))

        def answered() -> bool:
            return not missing()

        if not self._pump(socket, live, until=answered, deadline=deadline, during=step):
            where = ", ".join(p or "/" for p in missing())
            if step is None:
                raise ReplayError(f"the page's first render did not come within {self.timeout:g} s")
            raise ReplayError(
                f"{step.describe()}: no answer at {where} within {self.timeout:g} s, though the "
                "recording got one; the server ignored the event or failed on it"
            )
        answered_after = time.monotonic() - started
        if step is not None and self.on_round_trip is not None:
            self.on_round_trip(str(step.locator or "message"), answered_after)

        def all_came() -> bool:
            return len(live.paths) - since >= len(expected)

        while not all_came():
            another = partial(lambda so_far: len(live.paths) > so_far, len(live.paths))
            # A loaded server is slower between updates too: as long as the answer took.
            quiet_until = min(deadline, time.monotonic() + max(SETTLE_S, answered_after))
            if not self._pump(socket, live, until=another, deadline=quiet_until, during=step):
                return  # quiet (or the timeout): the rest came merged into what did

    def _await_target(self, socket: websocket.WebSocket, live: PageMirror, step: Step) -> str:
        locator = step.locator
        assert locator is not None
        found: list[str] = []

        def located() -> bool:
            target = live.target(locator)
            if target is not None:
                found.append(target)
            return target is not None

        deadline = time.monotonic() + self.timeout
        if not self._pump(socket, live, until=located, deadline=deadline, during=step):
            raise ReplayError(
                f"{step.describe()}: the live page has no such handler after {self.timeout:g} s; "
                "the page has changed since the recording (record it again)"
            )
        return found[-1]

    def _send(self, socket: websocket.WebSocket, payload: dict[str, Any], step: Step) -> None:
        try:
            socket.send(json.dumps(payload))
        except (OSError, websocket.WebSocketException) as exc:
            raise ReplayError(f"{step.describe()}: the connection broke ({exc})") from None

    def _pump(
        self,
        socket: websocket.WebSocket,
        live: PageMirror,
        *,
        until: Callable[[], bool],
        deadline: float,
        during: Step | None = None,
    ) -> bool:
        """Apply incoming updates until `until()` holds (True) or the deadline passes (False)."""
        where = f"{during.describe()}: " if during else "before the first message: "
        while not until():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            socket.settimeout(remaining)
            try:
                text = socket.recv()
            except websocket.WebSocketTimeoutException:
                return until()
            except (OSError, websocket.WebSocketException) as exc:
                raise ReplayError(f"{where}the server closed the connection ({exc})") from None
            if not text:
                raise ReplayError(f"{where}the server closed the connection")
            try:
                live.apply(json.loads(text))
            except ReplayError as exc:
                raise ReplayError(f"{where}{exc}") from None
        return True
