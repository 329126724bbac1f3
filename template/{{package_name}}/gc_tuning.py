"""The garbage collector, tuned for a long-running server.

CPython collects its young objects every 700 allocations. A page of notes allocates
thousands, so a collection lands inside nearly every request, promotes what that request
still holds, and every few hundred requests a full collection walks the whole heap: the
150,000 objects startup left (SQLAlchemy, pydantic, ReactPy, Sanic) that are never garbage.
On `/api/notes` that was about a fifth of the server's CPU (1.7 s of GC in 7 s of load).

Once serving: collect what startup left, freeze the rest (a full collection skips frozen
objects) and collect the young every 10,000 allocations. The same load then spends
0.15 s in the collector. Only served processes do this (server.py): a test session
builds many apps, and freezing them would keep their cycles forever; and not under hot
reload (serve-hot), which finds functions through `gc.get_objects()`, blind to frozen ones.
"""

import gc

YOUNG_COLLECTION_EVERY = 10_000  # allocations; CPython's default is 700


def tune_for_serving() -> None:
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, middle, old)
