"""Benchmark a project rendered from this template against the harness's reference servers.

    uv run dev_scripts/bench [--seconds 8] [--rounds 1] [--no-peers] [--skip-tests]
                             [--no-ops | --only jobs --only telemetry] [--jobs 2000]
                             [--vcs-ref HEAD] [--json PATH] [--keep]

(or `.venv/bin/python dev_scripts/bench ...`). It prints figures; it is not a test.

What it measures, in order, on a render with the default answers:
1. `copier copy --trust --defaults --skip-tasks --vcs-ref HEAD` (wall time; HEAD
   renders the working tree as it is, uncommitted changes included; --vcs-ref
   $(git rev-parse HEAD) renders the last commit only).
2. `uv sync` of the rendered project: once (it locks and warms uv's cache), then
   again into a fresh `.venv` with the cache warm. UV_PYTHON_DOWNLOADS=never and
   `--python` the interpreter running this script.
3. The rendered project's test suite: `uv run --frozen pytest -q`.
4. `uv run --frozen <slug> init-env` (when the CLI has it: the README's set-up
   step that writes .env with a MASTER_KEY) and `uv run --frozen <slug> pave-db
   --yes`; then `.venv/bin/<slug> serve` on a free 127.0.0.1 port with the
   embedded PostgreSQL. It signs up one account and seeds --rows notes (no
   secret) for it through POST /api/notes (cookie + X-CSRF-Token), inserts as
   many rows of the shared "public" owner with SQL (what anonymous visitors
   read; the API lets no one write them), and ANALYZEs (as the peers' table
   is). Requests per second and p99 latency on /healthz, on /api/notes?limit=50
   anonymously (50 public rows, like the peers' /items) and signed in (the
   account's 50 rows; the ratio of the two is the cost of authentication), and
   on POST /api/auth/login with the account's password (bounded by the password
   hash by design: the hash's parameters and the time of one hash are printed
   too), measured with the harness's own `../shared/bench/measure.sh` (its
   `bench_wrk`: wrk -t1 -c32, a warm-up run discarded, then the measured run;
   for the cookie and the POST, BENCH_WRK points at a wrapper adding a wrk Lua
   script). Around the measured run it also reads the CPU time the server
   process and the embedded PostgreSQL used, per request: steadier than req/s
   on a shared machine.
5. Unless --no-peers: right after our server is stopped, the harness's
   `../shared/bench/peers.sh` (bare Sanic, Sanic + SQLModel, FastAPI + SQLModel)
   in the same run, and the ratios of our figures to theirs. Targets: /healthz at
   least 0.90 of bare Sanic's, /api/notes at least 0.90 of Sanic + SQLModel's /items.
   With --rounds N, steps 4 and 5 run N times (even rounds peers first, so a
   machine that gets busier during the run favours neither side) and the table
   shows each round and the median. Step 4 ends with signed-in and anonymous
   /api/notes alternated, 4 slices each of a quarter of --seconds, on the same
   server: their ratio (of the slices' medians, by req/s and by CPU per request;
   target 0.90) does not depend on the moment as the two runs before it do. With
   peers, /healthz is alternated the same way with bare Sanic started beside our
   server (bare_peer.py; by req/s and by CPU per request, target 0.90).
6. Unless --no-load, after step 4: the recorder's overhead, as the ratio of req/s
   on the same two endpoints with `serve --record FILE` to a plain server started
   just before it (two such pairs; the median of their ratios); then a notes-page
   session is recorded (the rendered test's own `record_a_session`: open, type,
   submit). Then, on a server without recording: its memory per open page (200
   signed-in notes pages opened over the websocket and left idle; the serve
   process's VmRSS before, with them open and after they closed; see pages.py),
   and the recording replayed by the project's
   `load-test --user-class ReplayUser --pace 0 --window --load-seconds` at 10 and
   at 50 users back to back, and at 50 with --think 5 (replay.py's LOAD_RUNS):
   every user signs up first (argon2, outside the figures), then
   --load-seconds (default 60) are measured: replayed sessions per second and the
   websocket round trip (an event until its answers came) p50/p95, read from
   Locust's final figures (locust_summary.json); the sign-ups' duration is shown
   beside them. Locust runs on the same CPUs as the server, so these are loopback
   figures of both.
7. Unless --no-ops, in round 1 (or alone with --only jobs / --only telemetry, which
   skip the tests, step 4's rounds, the peers and the replay): the job queue with 1
   and with 2 `<slug> worker` processes (--jobs jobs each: jobs/s from enqueue to
   done, queue latency p50/p95, from procrastinate's event times), and /healthz and
   /api/notes served bare (app.py without its request telemetry), with telemetry
   off, with METRICS_ENABLED and with OTLP traces to a sink, as ratios to bare
   (off must stay within 2 % of it). See ops.py.

Everything it starts runs in its own session and is stopped by PID (the server
with SIGTERM, which also stops its embedded PostgreSQL); at the end no process may
still reference the temp dir, which is then removed (kept with --keep). Ctrl-C
and SIGTERM stop the run the same way. Needs `wrk` (apt-get install wrk) and the
harness in ../shared/bench beside this repository.
"""

# One module per step; cli.py runs them in order (docs/benchmarks.md lists them).
