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
from reactpy.backend.sanic import Options
from reactpy.backend.sanic import configure as configure_sanic
from reactpy.core.layout import Layout
from reactpy.types import RootComponentConstructor
from sanic import Sanic

from ..shared_models import NoteView
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


def _to_json(value: Any) -> Any:
    """Page state goes to the browser (signed, not encrypted): a note's secret stays here."""
    if isinstance(value, NoteView):
        return value.model_dump(mode="json", exclude={"secret"})
    if is_dataclass(value) and not isinstance(value, type):  # the router's Location
        return asdict(value)
    raise TypeError(f"{type(value).__name__} cannot be kept across a reconnect")


def state_recovery(secret: str) -> Any:
    """The fork's manager; its keys derive from SECRET, so a restarted server accepts the
    state it signed before (its default key hashes file times of the install)."""
    from reactpy.backend.types import Location
    from reactpy.core.state_recovery import StateRecoveryManager  # the fork only

    def derived(purpose: str) -> str:
        return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).hexdigest()

    return StateRecoveryManager(
        # Location: the router's state; connection-resume does not list it itself.
        serializable_types=[NoteView, Location],
        pepper=derived("reactpy state pepper"),
        otp_key=derived("reactpy state otp key"),
        # pyotp 2.9+ refuses intervals over 120 s (the fork's default is 4 h), and the fork
        # tries at most 100 past intervals: state is resumable for up to 3 hours.
        otp_interval=OTP_INTERVAL_SECONDS,
        otp_max_age=RESUMABLE_FOR_SECONDS,
        default_serializer=_to_json,
        deserializer_map={NoteView: lambda data: NoteView.model_validate(data | {"secret": None})},
    )
