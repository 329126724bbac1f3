"""Functions a server-side component may run in the browser, through the Brython bridge.

This module runs in the browser (Brython), not on the server: `browser` is Brython's
module for the page. A ReactPy component calls a function by name, with keyword
arguments, and gets its return value back as a `BrowserResult`:

    bridge = use_browser_call(on_result)
    bridge.call("local_storage_get", key="theme")

Only the names in `__all__` can be called: the server refuses any other name before
rendering a call, and `bridge_runner` refuses it again here. Arguments arrive decoded from
JSON; a return value must be JSON too (None, bool, int, float, str, list, dict). Keep each
function small and synchronous. To add one: define it here, list it in `__all__`, call it.
"""

import javascript  # type: ignore[import-not-found]
from browser import document, window  # type: ignore[import-not-found]
from browser.local_storage import storage  # type: ignore[import-not-found]

__all__ = [
    "local_storage_get",
    "local_storage_set",
    "navigate",
    "scroll_to_element",
    "scroll_to_top",
    "time_zone",
]


def local_storage_get(key: str) -> str | None:
    """The value this browser stores under `key` for this site, or None."""
    value = storage.get(key)
    return None if value is None else str(value)


def local_storage_set(key: str, value: str) -> None:
    """Store `value` under `key` in this browser's local storage for this site."""
    storage[key] = value


def time_zone() -> str:
    """The browser's IANA time zone, e.g. "Europe/Berlin"."""
    return str(window.Intl.DateTimeFormat.new().resolvedOptions().timeZone)


def scroll_to_top() -> None:
    """Scroll the page back to its top."""
    window.scrollTo(0, 0)


def scroll_to_element(element_id: str) -> bool:
    """Scroll the element with this id into view; False when there is no such element."""
    element = document.getElementById(element_id)
    if element is None:
        return False
    element.scrollIntoView()
    return True


def navigate(path: str) -> str:
    """Go to `path` on this site without reloading the page; returns the new location.

    Only a path on this site is accepted ("/notes", "/about?tab=1"): anything that names
    another origin ("https://...", "//host", "javascript:...") raises ValueError.
    """
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        raise ValueError(f"not a path on this site: {path!r}")
    origin = window.location.origin
    url = window.URL.new(path, origin)
    if url.origin != origin:
        raise ValueError(f"not a path on this site: {path!r}")
    # JavaScript's null is `javascript.NULL` in Brython; None would not convert to it.
    window.history.pushState(javascript.NULL, "", url.href)
    # The ReactPy router follows popstate, as it does for the back button.
    window.dispatchEvent(window.PopStateEvent.new("popstate"))
    return str(url.pathname) + str(url.search) + str(url.hash)
