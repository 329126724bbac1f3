"""The notes page over ReactPy's websocket protocol, spoken as the browser client does.

The server sends the page as layout updates (a VDOM model, or a sub-tree at a
JSON-pointer path); the client sends events naming a handler's target id.
reactpy-router renders nothing until the client reports the URL (its History
component; FirstLoad in reactpy-router 1.0, the ReactPy 1.0.x line), so the test
reports it first, as the browser would. A ReactPy fork that resumes connections
opens with a handshake, answered as its client does for a new page.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

from .accounts import log_in, new_email, sign_up


class Page:
    """The client's copy of the server's layout, and a way to fire its handlers."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.model: dict[str, Any] = {}
        self.updates: list[tuple[str, dict[str, Any]]] = []  # (path, model), as received

    def receive(self) -> None:
        message = json.loads(self.socket.recv(timeout=10))
        if message["type"] == "reconnecting-check":  # a fork that resumes connections asks
            self.socket.send(json.dumps({"type": "reconnecting-check", "value": "no"}))
            return
        if message["type"] == "is-ready":  # ...and then says it is listening
            return
        assert message["type"] == "layout-update"
        self.updates.append((message["path"], message["model"]))
        parts = [p for p in message["path"].split("/") if p]
        if not parts:
            self.model = message["model"]
            return
        parent: Any = self.model
        for part in parts[:-1]:
            parent = parent[int(part)] if isinstance(parent, list) else parent[part]
        last = parts[-1]
        parent[int(last) if isinstance(parent, list) else last] = message["model"]

    def receive_until(self, condition: Any, attempts: int = 10) -> None:
        for _ in range(attempts):
            if condition():
                return
            self.receive()
        assert condition(), "the page never reached the expected state"

    def nodes(self) -> Iterator[dict[str, Any]]:
        stack = [self.model]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(c for c in node.get("children", []) if isinstance(c, dict))

    def find(self, element_id: str) -> dict[str, Any] | None:
        return find_in(self.model, element_id)

    def handler_node(self, event: str) -> dict[str, Any] | None:
        return next((n for n in self.nodes() if event in n.get("eventHandlers", {})), None)

    def fire(self, node: dict[str, Any] | None, event: str, data: Any) -> None:
        assert node is not None, f"no element handles {event}"
        target = node["eventHandlers"][event]["target"]
        self.socket.send(json.dumps({"type": "layout-event", "target": target, "data": [data]}))


def find_in(model: dict[str, Any], element_id: str) -> dict[str, Any] | None:
    """The node of `model` (a page, or an update's sub-tree) whose id is `element_id`."""
    stack = [model]
    while stack:
        node = stack.pop()
        if node.get("attributes", {}).get("id") == element_id:
            return node
        stack.extend(c for c in node.get("children", []) if isinstance(c, dict))
    return None


def _texts(node: dict[str, Any] | None) -> list[str]:
    if node is None:
        return []
    texts = [c for c in node.get("children", []) if isinstance(c, str)]
    for child in node.get("children", []):
        if isinstance(child, dict):
            texts += _texts(child)
    return texts


@contextmanager
def page_at(
    server_url: str, pathname: str, search: str = "", user: httpx.Client | None = None
) -> Iterator[Page]:
    """A page over its websocket, at the location the browser's History reports, with
    `user`'s session cookie (None: anonymous)."""
    cookie = {"Cookie": f"session={user.cookies['session']}"} if user else {}
    url = server_url.replace("http://", "ws://") + "/_reactpy/stream"
    with connect(url, additional_headers=cookie) as socket:
        page = Page(socket)
        page.receive_until(lambda: page.handler_node("onHistoryChangeCallback") is not None)
        # reactpy-router 2 learns the URL from History; 1.0 (ReactPy 1.0.x) from FirstLoad.
        first_load = page.handler_node("onFirstLoadCallback") is not None
        event = "onFirstLoadCallback" if first_load else "onHistoryChangeCallback"
        page.fire(page.handler_node(event), event, {"pathname": pathname, "search": search})
        yield page


@contextmanager
def notes_page(server_url: str, user: httpx.Client | None = None) -> Iterator[Page]:
    """The notes page over its websocket, with `user`'s session cookie (None: anonymous)."""
    with page_at(server_url, "/", user=user) as page:
        page.receive_until(lambda: page.find("note-list") is not None)
        yield page


def add_note(page: Page, title: str) -> None:
    page.fire(page.find("note-title"), "on_change", {"target": {"value": title}})
    page.receive_until(lambda: (page.find("note-title") or {})["attributes"]["value"] == title)
    page.fire(page.find("new-note"), "on_submit", {})


def test_typing_and_submitting_stores_a_note(server_url: str) -> None:
    title = "typed into the page"
    with sign_up(server_url) as user:
        with notes_page(server_url, user) as page:
            add_note(page, title)
            page.receive_until(lambda: title in _texts(page.find("note-list")))
        stored = user.get("/api/notes", params={"limit": 500}).json()
        assert title in [note["title"] for note in stored]


def test_a_page_shows_only_its_users_notes(server_url: str) -> None:
    with sign_up(server_url) as alice, sign_up(server_url) as bob:
        assert alice.post("/api/notes", json={"title": "alice's own"}).status_code == 201
        with notes_page(server_url, bob) as page:
            page.receive_until(lambda: page.find("note-title") is not None)
            assert "alice's own" not in _texts(page.find("note-list"))
        with notes_page(server_url) as page:  # anonymous: public notes, no form
            page.receive_until(lambda: page.find("sign-in-hint") is not None)
            assert page.find("new-note") is None
            assert "alice's own" not in _texts(page.find("note-list"))


def test_an_open_page_stops_writing_when_its_session_ends(server_url: str) -> None:
    email = new_email()
    with sign_up(server_url, email) as user, notes_page(server_url, user) as page:
        page.receive_until(lambda: page.find("note-title") is not None)
        assert user.post("/api/auth/logout").status_code == 204
        add_note(page, "after logging out")
        page.receive_until(lambda: "Your session has ended: log in again." in _texts(page.model))
    with log_in(server_url, email) as again:
        assert again.get("/api/notes").json() == []


def test_a_websocket_from_another_site_is_refused(server_url: str) -> None:
    url = server_url.replace("http://", "ws://") + "/_reactpy/stream"
    with pytest.raises(InvalidStatus) as refused:
        connect(url, origin=Origin("http://evil.example"))
    assert refused.value.response.status_code == 403
