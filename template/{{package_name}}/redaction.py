"""What a recording (`serve --record`, recorder.py) must not keep: passwords, tokens, secrets.

Sensitive, on a page, is a form field (`input`, `textarea`, `select`) of type
`password`, or whose `name` or `id` says password, passphrase, secret or token
(the CSRF token's hidden input, say), and any element marked `data-sensitive`
(for a page that shows a secret note: mark the field, not the page). Their
`value` in the layouts the server sends becomes `REDACTED` (for a
`data-sensitive` element, its text as well), and so does every text in the
events the browser sends to their handlers (what was typed). In a URL's query,
the value of a parameter with such a name (`?token=...`) becomes `REDACTED`:
in the recorded HTTP requests and in the locations the browser reports.

Replay (the dev tools' replay.py) sends a stand-in wherever it finds `REDACTED`,
so a recorded password change still changes a password, with the replaying
user's own one. The payloads ReactPy sends are never changed: redaction copies.
"""

import re
from typing import Any

REDACTED = "[redacted]"

SENSITIVE_NAME = re.compile(r"pass(word|phrase|wd)|secret|token", re.IGNORECASE)
FORM_FIELDS = frozenset({"input", "textarea", "select"})
MARKER = "data-sensitive"
VALUE_ATTRIBUTES = ("value", "defaultValue", "default_value")


def is_sensitive(element: dict[str, Any]) -> bool:
    attributes = element.get("attributes") or {}
    if MARKER in attributes:
        return True
    if element.get("tagName") not in FORM_FIELDS:
        return False
    if str(attributes.get("type", "")).lower() == "password":
        return True
    named = (str(attributes.get(key, "")) for key in ("name", "id"))
    return any(SENSITIVE_NAME.search(name) for name in named)


def redact_query(query: str) -> str:
    """`query` (without its `?`) with the values of sensitive parameters replaced."""
    if not query:
        return query
    parts = []
    for part in query.split("&"):
        name, equals, _value = part.partition("=")
        parts.append(f"{name}={REDACTED}" if equals and SENSITIVE_NAME.search(name) else part)
    return "&".join(parts)


def _redact_search(search: str) -> str:
    if not search.startswith("?"):
        return search
    return "?" + redact_query(search[1:])


def _every_text(value: Any) -> Any:
    """`value` with every string in it replaced (what was typed into a sensitive field)."""
    if isinstance(value, str):
        return REDACTED
    if isinstance(value, list):
        return [_every_text(item) for item in value]
    if isinstance(value, dict):
        return {key: _every_text(item) for key, item in value.items()}
    return value


def _locations(value: Any) -> Any:
    """`value` with the query of every location in it redacted (reactpy-router's reports)."""
    if isinstance(value, list):
        return [_locations(item) for item in value]
    if isinstance(value, dict):
        return {
            key: _redact_search(item)
            if key == "search" and isinstance(item, str)
            else _locations(item)
            for key, item in value.items()
        }
    return value


class ConnectionRedactor:
    """Redacts one websocket connection's messages; it learns, from the layouts the
    server sends, which event handlers belong to sensitive fields."""

    def __init__(self) -> None:
        self.sensitive_targets: set[str] = set()

    def sent(self, message: Any) -> Any:
        """A server-to-browser message, fit to record."""
        if not isinstance(message, dict) or message.get("type") != "layout-update":
            return message
        return {**message, "model": self._model(message.get("model"), inside_marked=False)}

    def received(self, message: Any) -> Any:
        """A browser-to-server message, fit to record."""
        if not isinstance(message, dict) or message.get("type") != "layout-event":
            return message
        if message.get("target") in self.sensitive_targets:
            return {**message, "data": _every_text(message.get("data"))}
        return {**message, "data": _locations(message.get("data"))}

    def _model(self, node: Any, *, inside_marked: bool) -> Any:
        if isinstance(node, str):
            return REDACTED if inside_marked else node
        if not isinstance(node, dict):
            return node
        marked = inside_marked or MARKER in (node.get("attributes") or {})
        sensitive = marked or is_sensitive(node)
        copy = dict(node)
        if sensitive:
            for handler in (node.get("eventHandlers") or {}).values():
                if isinstance(handler, dict) and "target" in handler:
                    self.sensitive_targets.add(handler["target"])
            attributes = dict(node.get("attributes") or {})
            for name in VALUE_ATTRIBUTES:
                if name in attributes:
                    attributes[name] = REDACTED
            copy["attributes"] = attributes
        if "children" in node:
            copy["children"] = [
                self._model(child, inside_marked=marked) for child in node["children"]
            ]
        return copy
