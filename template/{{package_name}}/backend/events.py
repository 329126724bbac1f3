"""Publishing domain events to subscribers registered by event type.

Managers publish after `commit()` returned, so a rolled-back transaction publishes
nothing. A subscriber is an async function of the event; it runs in process, awaited
by the publisher, so it must be quick: one that does real work queues a job for it
(`jobs/wiring.py`). A failing subscriber is logged and does not undo what committed,
nor stop the other subscribers.
"""

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from ..shared_models.events import DomainEvent

log = logging.getLogger(__name__)

E = TypeVar("E", bound=DomainEvent)
Subscriber = Callable[[E], Awaitable[None]]


class EventBus:
    def __init__(self) -> None:
        self._subscribers: defaultdict[type[DomainEvent], list[Subscriber[Any]]] = defaultdict(list)

    def subscribe(self, event_type: type[E], subscriber: Subscriber[E]) -> None:
        self._subscribers[event_type].append(subscriber)

    def unsubscribe(self, event_type: type[E], subscriber: Subscriber[E]) -> None:
        self._subscribers[event_type].remove(subscriber)

    def subscribers(self, event_type: type[DomainEvent]) -> list[Subscriber[Any]]:
        return list(self._subscribers[event_type])

    async def publish(self, *events: DomainEvent) -> None:
        for event in events:
            for subscriber in self._subscribers[type(event)]:
                try:
                    await subscriber(event)
                except Exception:
                    log.exception(
                        "event subscriber failed",
                        extra={
                            "event": type(event).__name__,
                            "subscriber": subscriber.__qualname__,
                        },
                    )
