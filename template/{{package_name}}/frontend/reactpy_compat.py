"""What differs between the ReactPy lines the app runs on, and only that.

PyPI ReactPy 1.1, and forks of ReactPy 1.0.x such as the seed's (1.0.2 plus the
connection-resume work of reactive-python/reactpy pull request 1204), wired by
`dev_scripts/reactpy_checkout.py`, which also pins the matching reactpy-router
(2.x for 1.1, 1.0.3 for 1.0.x: the same API). The rest of the app imports
neither line's internals; it calls these:

- `fix_hook_stack()`: 1.1 keeps the hook stack in a thread-local (see hook_stack.py);
  the fork keeps it in a ContextVar already, so there is nothing to fix there;
- `start_layout(layout)`: a 1.0.x fork's `Layout` renders nothing until
  `start_rendering()` (its websocket handshake calls it); 1.1's queues the first
  render when entered;
- `use_effect`: ReactPy's; on the fork, while a reconnect rebuilds the page, its
  decorator form returns None instead of a decorator (effects do not run then),
  which breaks `@use_effect(dependencies=...)`: this returns a decorator that skips;
- `configure(app, root, options, secret)`: the fork's Sanic backend takes a state
  recovery manager, which lets an open page keep its state (text typed, not yet
  saved) across a reconnect, a server restart included.
"""

import hashlib
import hmac
import inspect
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from typing import Any

import reactpy
import reactpy.core._life_cycle_hook as life_cycle_hook
from pydantic import BaseModel
from reactpy.backend.sanic import Options
from reactpy.backend.sanic import configure as configure_sanic
from reactpy.core.layout import Layout
from reactpy.types import RootComponentConstructor
from sanic import Sanic

from ..shared_models import NoteView, UserView
from .hook_stack import use_task_local_hook_stack

OTP_INTERVAL_SECONDS = 120
RESUMABLE_FOR_SECONDS = 3 * 60 * 60
RESUMES_CONNECTIONS = "state_recovery_manager" in inspect.signature(configure_sanic).parameters


def fix_hook_stack() -> None:
    if hasattr(life_cycle_hook, "_HOOK_STATE"):  # 1.1: a thread-local stack
        use_task_local_hook_stack()


def start_layout(layout: Layout) -> None:
    """Queue the first render of a layout a test drives by hand (the handshake's job)."""
    start_rendering = getattr(layout, "start_rendering", None)
    if start_rendering is not None:
        start_rendering()


def use_effect(*, dependencies: Any = ...) -> Callable[[Callable[..., Any]], None]:
    """`@use_effect(dependencies=...)`, the decorator form (the only one the pages use)."""
    effect: Callable[[Callable[..., Any]], None] | None = reactpy.use_effect(
        dependencies=dependencies
    )
    if effect is None:  # the fork, reconnecting: no effect runs
        return lambda _function: None
    return effect


def configure(
    app: Sanic[Any, Any], root: RootComponentConstructor, options: Options, secret: str
) -> None:
    """Mount ReactPy; on a fork that resumes connections, with its state recovery."""
    if RESUMES_CONNECTIONS:
        manager = state_recovery(secret)  # 1.1 has no such argument: typed for the fork
        configure_sanic(app, root, options, state_recovery_manager=manager)  # type: ignore[call-arg, unused-ignore]
    else:
        configure_sanic(app, root, options)


# Page state goes to the browser (signed, not encrypted) and comes back on a reconnect.
# Kept: plain values, and the models below, tagged so they come back as themselves; a
# note's secret stays here. Anything else (a generated table's rows, which may hold
# decrypted fields) is marked lost: restoring it fails, and the fork then starts the
# page fresh instead of resuming it.
_KEPT_MODELS: dict[str, type[BaseModel]] = {"NoteView": NoteView, "UserView": UserView}
_MODEL, _LOST = "__model__", "__lost__"


def _to_json(value: Any) -> Any:
    if isinstance(value, NoteView):
        return {_MODEL: "NoteView", "data": value.model_dump(mode="json", exclude={"secret"})}
    if isinstance(value, UserView):
        return {_MODEL: "UserView", "data": value.model_dump(mode="json")}
    if is_dataclass(value) and not isinstance(value, type):  # the router's Location
        return asdict(value)
    return {_LOST: type(value).__name__}


def _restored(value: Any) -> Any:
    """A value `_to_json` wrote, as it was; a lost one raises (the page starts fresh)."""
    if isinstance(value, list):
        return [_restored(item) for item in value]
    if not isinstance(value, dict):
        return value
    if _LOST in value:
        raise ValueError(f"a {value[_LOST]} is not kept across a reconnect")
    if _MODEL in value:
        model = _KEPT_MODELS[value[_MODEL]]
        data = value["data"] | ({"secret": None} if model is NoteView else {})
        return model.model_validate(data)
    return {key: _restored(item) for key, item in value.items()}


def state_recovery(secret: str) -> Any:
    """The fork's manager; its keys derive from SECRET, so a restarted server accepts the
    state it signed before (its default key hashes file times of the install)."""
    from reactpy.backend.types import Location
    from reactpy.core.state_recovery import StateRecoveryManager  # the fork only

    from .components.pager import Page  # here: the components import this module

    def derived(purpose: str) -> str:
        return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).hexdigest()

    def page(data: dict[str, Any]) -> Page[Any]:
        return Page(_restored(data["rows"]), data["offset"], data["has_next"])

    return StateRecoveryManager(
        # Location: the router's state; connection-resume does not list it itself. A page
        # of rows; and `object` last, for everything else (dicts of a form's fields...).
        serializable_types=[NoteView, UserView, Page, Location, object],
        pepper=derived("reactpy state pepper"),
        otp_key=derived("reactpy state otp key"),
        # pyotp 2.9+ refuses intervals over 120 s (the fork's default is 4 h), and the fork
        # tries at most 100 past intervals: state is resumable for up to 3 hours.
        otp_interval=OTP_INTERVAL_SECONDS,
        otp_max_age=RESUMABLE_FOR_SECONDS,
        default_serializer=_to_json,
        deserializer_map={NoteView: _restored, UserView: _restored, Page: page, object: _restored},
    )
