"""Work outside the request: jobs, the periodic schedule and the worker that runs them.

`work.py` holds the jobs' bodies, plain typed async functions that call managers;
`wiring.py` subscribes them to the domain events that ask for them. With PostgreSQL
the jobs go through a queue on the app's own database (procrastinate: `queue.py`),
run by `<slug> worker` (`worker.py`).
"""
