"""Runs, in the browser, the calls the server's `use_browser_call` renders.

Each call is a `<script type="text/python">` whose text is always the same
(`import bridge_runner; bridge_runner.run_pending()`); what varies is data in its
attributes: `data-brython-call` (the call id), `data-function` (a name from
`browser_functions.__all__`), `data-args` (the keyword arguments as JSON) and
`data-result` (the id of the hidden input the answer goes to). Nothing here evaluates
text: the arguments are decoded with `json.loads` and the function is looked up by name.

The answer, `{"id": ..., "ok": true, "value": ...}` or `{"id": ..., "ok": false,
"error": ...}`, is written as JSON into the hidden input, whose `input` and `change`
events ReactPy sends to the server. This folder has no `__init__.py` on purpose: it would
shadow the `brython` package on the server.
"""

import json

import browser_functions
from browser import document, window  # type: ignore[import-not-found]

_PENDING = "script[data-brython-call]:not([data-brython-done])"


def run_pending() -> None:
    """Run every call script not run yet (one script may find several waiting)."""
    for script in document.select(_PENDING):
        script.setAttribute("data-brython-done", "")
        answer = _run(
            _attribute(script, "data-brython-call") or "",
            _attribute(script, "data-function"),
            _attribute(script, "data-args"),
        )
        _answer(_attribute(script, "data-result"), answer)


def _attribute(element: object, name: str) -> str | None:
    """The attribute's value; None when missing (JavaScript's null is not None in Brython)."""
    value = element.getAttribute(name)  # type: ignore[attr-defined]
    return value if isinstance(value, str) else None


def _run(call_id: str, name: str | None, args_json: str | None) -> dict[str, object]:
    try:
        if name is None or name not in browser_functions.__all__:
            raise NameError(f"{name!r} is not in browser_functions.__all__")
        arguments = json.loads(args_json or "{}")
        if not isinstance(arguments, dict):
            raise TypeError("the arguments must be a JSON object")
        value = getattr(browser_functions, name)(**arguments)
        json.dumps(value)  # refuse what the server could not read, here where it is clear
    except Exception as error:
        window.console.error(f"browser function {name!r} failed:", str(error))
        return {"id": call_id, "ok": False, "error": f"{type(error).__name__}: {error}"}
    return {"id": call_id, "ok": True, "value": value}


def _answer(input_id: str | None, answer: dict[str, object]) -> None:
    target = document.getElementById(input_id) if input_id else None
    if target is None:
        window.console.warn(f"no input {input_id!r} for the answer to call {answer['id']}")
        return
    target.value = json.dumps(answer)
    # ReactPy's client (Preact) listens for `input` where the component said on_change;
    # `change` too, for clients that do not. The server ignores a second answer to a call.
    for event_type in ("input", "change"):
        target.dispatchEvent(window.Event.new(event_type, {"bubbles": True}))
