"""One ReactPy hook stack per connection, not per thread (a fix for ReactPy 1.1).

ReactPy 1.1 keeps the stack of components being rendered in a thread-local
(`reactpy.core._life_cycle_hook._HOOK_STATE`). Sanic serves every websocket on
one thread, and a render awaits in the middle (children are rendered while the
parent is on the stack), so two connections rendering at once push onto the same
stack: renders fail with "Hook stack is in an invalid state", and a component can
read context (such as the connection) from another user's component. The load
test finds it with as few as five users. The same fix as in ReactPy's unmerged
pull request 1204: keep the stack in a ContextVar, which each connection's task
has its own copy of.
"""

from contextvars import ContextVar
from typing import Any

import reactpy.core._life_cycle_hook as life_cycle_hook

_stack: ContextVar[list[Any]] = ContextVar("reactpy_hook_stack")


class TaskLocalHookStack:
    """What ReactPy calls on `_HOOK_STATE`: `get()`, the current task's stack."""

    def get(self) -> list[Any]:
        try:
            return _stack.get()
        except LookupError:
            stack: list[Any] = []
            _stack.set(stack)
            return stack


def use_task_local_hook_stack() -> None:
    current = getattr(life_cycle_hook, "_HOOK_STATE", None)
    if current is None:
        raise RuntimeError("this ReactPy has no _HOOK_STATE: check whether the fix is still needed")
    if not isinstance(current, TaskLocalHookStack):
        life_cycle_hook._HOOK_STATE = TaskLocalHookStack()  # type: ignore[assignment, attr-defined, unused-ignore]
