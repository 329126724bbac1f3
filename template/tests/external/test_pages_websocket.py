"""The notes page over ReactPy's websocket protocol, spoken as the browser client does.

The server sends the page as layout updates (a VDOM model, or a sub-tree at a
JSON-pointer path); the client sends events naming a handler's target id.
reactpy-router renders nothing until the client's History component reports
the URL, so the test reports it first, as the browser would.
"""

import json
from collections.abc import Iterator
from typing import Any

import httpx
from websockets.sync.client import ClientConnection, connect


class Page:
    """The client's copy of the server's layout, and a way to fire its handlers."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.model: dict[str, Any] = {}

    def receive(self) -> None:
        message = json.loads(self.socket.recv(timeout=10))
        assert message["type"] == "layout-update"
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
        matches = (n for n in self.nodes() if n.get("attributes", {}).get("id") == element_id)
        return next(matches, None)

    def handler_node(self, event: str) -> dict[str, Any] | None:
        return next((n for n in self.nodes() if event in n.get("eventHandlers", {})), None)

    def fire(self, node: dict[str, Any] | None, event: str, data: Any) -> None:
        assert node is not None, f"no element handles {event}"
        target = node["eventHandlers"][event]["target"]
        self.socket.send(json.dumps({"type": "layout-event", "target": target, "data": [data]}))


def _texts(node: dict[str, Any] | None) -> list[str]:
    if node is None:
        return []
    texts = [c for c in node.get("children", []) if isinstance(c, str)]
    for child in node.get("children", []):
        if isinstance(child, dict):
            texts += _texts(child)
    return texts


def test_typing_and_submitting_stores_a_note(server_url: str) -> None:
    title = "typed into the page"
    with connect(server_url.replace("http://", "ws://") + "/_reactpy/stream") as socket:
        page = Page(socket)
        page.receive_until(lambda: page.handler_node("onHistoryChangeCallback") is not None)
        page.fire(
            page.handler_node("onHistoryChangeCallback"),
            "onHistoryChangeCallback",
            {"pathname": "/", "search": ""},
        )
        page.receive_until(lambda: page.find("note-title") is not None)

        page.fire(page.find("note-title"), "on_change", {"target": {"value": title}})
        page.receive_until(lambda: (page.find("note-title") or {})["attributes"]["value"] == title)
        page.fire(page.find("new-note"), "on_submit", {})
        page.receive_until(lambda: title in _texts(page.find("note-list")))

    stored = httpx.get(f"{server_url}/api/notes", params={"limit": 500}).json()
    assert title in [note["title"] for note in stored]
