"""Step 7: the job queue's throughput and latency, and what telemetry costs a request.

Jobs: `<slug> worker` processes (1, then 2) are started and idle; a client in the
project's venv then queues --jobs mail jobs for no one (user 0: the job runs its two
queries, claims its `sent_mail` row and sends nothing) as fast as one connection can,
and waits until every one is done. From procrastinate's own event times
(`procrastinate_events`): jobs per second from the first job queued to the last one
done, and the queue latency of each job (queued until a worker started it), p50/p95.

Telemetry: the same render served four ways, /healthz and /api/notes measured on each:
"bare" (the render with `install_request_telemetry` taken out of app.py: no request id,
no Server-Timing, no span; only on a render of our own, not on --project), telemetry
"off" (the defaults: request ids and Server-Timing only), "metrics" (METRICS_ENABLED)
and "otel" (OTLP traces to a sink in this process that answers 200 and keeps nothing).
Each is reported as a ratio of req/s to bare (to off without bare); off must stay
within 2 % of bare.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .common import HEALTHZ, NOTES, BenchError, say
from .endpoints import seed_once
from .measure import measure
from .processes import pids_referencing, stop_process
from .project import Project
from .results import Results
from .server import Server, check_notes

WORKER_COUNTS = (1, 2)
WORKER_READY_S = 60

# Run by the project's own Python: queue COUNT jobs, wait for them, print the figures.
JOBS_CODE = """
import asyncio, json, sys, time
from {package}.db.location import database_url
from {package}.jobs.queue import defer_link_mail, jobs_url, open_queue
from {package}.settings import get_settings

DONE = ("succeeded", "failed")


async def run(url, count, timeout):
    settings = get_settings()
    async with open_queue(jobs_url(settings, url), settings, max_size=2) as app:
        started = time.monotonic()
        ids = [await defer_link_mail(0, "verify") for _ in range(count)]  # no user 0
        enqueue_s = time.monotonic() - started
        deadline = time.monotonic() + timeout
        while True:
            rows = await app.connector.execute_query_all_async(
                "SELECT count(*) AS n FROM procrastinate_jobs"
                " WHERE id = ANY(%(ids)s) AND status::text = ANY(%(done)s)",
                ids=ids, done=list(DONE),
            )
            if rows[0]["n"] >= count:
                break
            if time.monotonic() > deadline:
                sys.exit(f"only {{rows[0]['n']}} of {{count}} jobs done in {{timeout}} s")
            await asyncio.sleep(0.05)
        events = await app.connector.execute_query_all_async(
            "SELECT job_id, type::text AS type, extract(epoch FROM at)::float8 AS at"
            " FROM procrastinate_events WHERE job_id = ANY(%(ids)s)",
            ids=ids,
        )
    times = {{}}
    for event in events:
        times.setdefault(event["job_id"], {{}}).setdefault(event["type"], event["at"])
    queued = [t["deferred"] for t in times.values()]
    done = [t.get("succeeded", t.get("failed")) for t in times.values()]
    waits = sorted(t["started"] - t["deferred"] for t in times.values())
    print(json.dumps({{
        "jobs": count,
        "failed": sum(1 for t in times.values() if "failed" in t),
        "enqueue_per_s": count / enqueue_s,
        "jobs_per_s": count / (max(done) - min(queued)),
        "latency_ms": [1000 * w for w in waits],
    }}))


with database_url(get_settings()) as url:
    asyncio.run(run(url, int(sys.argv[1]), float(sys.argv[2])))
"""


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of already sorted values."""
    rank = max(1, round(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


@contextmanager
def workers(project: Project, count: int, tag: str) -> Iterator[list[subprocess.Popen[bytes]]]:
    """`count` `<slug> worker` processes, each started and idle; SIGTERM at the end."""
    procs: list[subprocess.Popen[bytes]] = []
    logs: list[Path] = []
    try:
        for n in range(count):
            log = project.logs / f"worker-{tag}-{n + 1}.log"
            logs.append(log)
            with log.open("wb") as out:
                procs.append(
                    subprocess.Popen(
                        [str(project.script), "worker"],
                        cwd=project.root,
                        env=project.env,
                        stdin=subprocess.DEVNULL,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
            # One at a time: the first starts the embedded PostgreSQL, the others adopt it.
            deadline = time.monotonic() + WORKER_READY_S
            while "worker started" not in log.read_text(errors="replace"):
                if procs[-1].poll() is not None:
                    raise BenchError(f"worker exited {procs[-1].returncode} (log: {log})")
                if time.monotonic() > deadline:
                    raise BenchError(f"worker not started in {WORKER_READY_S} s (log: {log})")
                time.sleep(0.2)
        say(f"{count} worker(s) started: pids {[p.pid for p in procs]}")
        yield procs
    finally:
        for proc in reversed(procs):
            stop_process(proc, signal.SIGTERM, 30)
        deadline = time.monotonic() + 10
        while (left := pids_referencing(project.pgdata)) and time.monotonic() < deadline:
            time.sleep(0.2)
        if left:
            raise BenchError(f"embedded PostgreSQL still running after the workers: {left}")


def bench_jobs(project: Project, args: argparse.Namespace, results: Results) -> None:
    """Queue --jobs jobs with 1 and with 2 workers running; jobs/s and queue latency."""
    package = project.slug.replace("-", "_")
    python = str(project.root / ".venv" / "bin" / "python")
    timeout = max(60.0, args.jobs / 20)
    for count in WORKER_COUNTS:
        with workers(project, count, f"{count}w"):
            say(f"jobs: queue {args.jobs} with {count} worker(s) running")
            done = subprocess.run(
                [python, "-c", JOBS_CODE.format(package=package), str(args.jobs), str(timeout)],
                cwd=project.root,
                env=project.env,
                capture_output=True,
                text=True,
                timeout=timeout + 60,
                check=False,
            )
        if done.returncode != 0:
            (project.logs / f"jobs-{count}w.log").write_text(done.stdout + done.stderr)
            raise BenchError(f"jobs with {count} worker(s) failed: {done.stderr.strip()[-300:]}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        waits = figures.pop("latency_ms")
        row = {
            "workers": count,
            **figures,
            "latency_p50_ms": percentile(waits, 0.50),
            "latency_p95_ms": percentile(waits, 0.95),
        }
        results.jobs.append(row)
        say(
            f"jobs, {count} worker(s): {row['jobs_per_s']:.0f} jobs/s enqueue to done "
            f"(queued at {row['enqueue_per_s']:.0f}/s), queue latency p50 "
            f"{row['latency_p50_ms']:.1f} ms, p95 {row['latency_p95_ms']:.1f} ms, "
            f"{row['failed']} failed"
        )


class _Sink(BaseHTTPRequestHandler):
    """An OTLP/HTTP collector that reads each export and keeps nothing."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def otlp_sink() -> Iterator[str]:
    """The URL of a loopback OTLP/HTTP endpoint that answers 200 to every export."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Sink)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# install_request_telemetry(app, ...) as app.py calls it: one call, its arguments indented.
TELEMETRY_CALL = re.compile(r"\n    install_request_telemetry\(\n(?:        .*\n)*?    \)\n")


@contextmanager
def bare_build(project: Project) -> Iterator[None]:
    """The render's app.py without `install_request_telemetry`, restored at the end."""
    app_py = project.root / project.slug.replace("-", "_") / "app.py"
    original = app_py.read_text()
    bare, found = TELEMETRY_CALL.subn("\n    # bench: no request telemetry (bare)\n", original)
    if found != 1:
        raise BenchError(f"no single install_request_telemetry(...) call in {app_py}")
    app_py.write_text(bare)
    try:
        yield
    finally:
        app_py.write_text(original)


def telemetry_variants(
    project: Project, sink: str, with_bare: bool
) -> list[tuple[str, dict[str, str]]]:
    otel = {
        "OTEL_TRACES_EXPORTER": "otlp",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": f"{sink}/v1/traces",
        "OTEL_SERVICE_NAME": f"{project.slug}-bench",
    }
    variants = [("off", {}), ("metrics", {"METRICS_ENABLED": "true"}), ("otel", otel)]
    return ([("bare", {})] if with_bare else []) + variants


def bench_telemetry(project: Project, args: argparse.Namespace, results: Results) -> None:
    """/healthz and /api/notes served bare, with telemetry off, with metrics, with traces."""
    with_bare = args.project is None  # never edit a project we did not render
    if not with_bare:
        say("telemetry: --project given, so no bare build; ratios are to telemetry off")
    rps: dict[tuple[str, str], float] = {}
    with otlp_sink() as sink:
        for variant, extra in telemetry_variants(project, sink, with_bare):
            env = {**project.env, **extra}
            server = Server(project, f"serve-telemetry-{variant}.log", env=env)
            with bare_build(project) if variant == "bare" else nullcontext():
                try:
                    server.start()
                    seed_once(server, project, args, results)
                    check_notes(server)
                    for path in (HEALTHZ, NOTES):
                        m = measure(server, path, args.seconds, args.warmup)
                        m.round, m.target = 1, f"telemetry {variant}"
                        results.measurements.append(m)
                        rps[(variant, path)] = m.req_per_s
                        say(f"telemetry {variant} {path}: {m.req_per_s:.0f} req/s")
                finally:
                    server.stop()
    baseline = "bare" if with_bare else "off"
    for variant in ("off", "metrics", "otel"):
        if variant == baseline:
            continue
        for path in (HEALTHZ, NOTES):
            results.add_ratio(
                f"telemetry {variant} {path}",
                "bare" if baseline == "bare" else "telemetry off",
                "",
                rps[(variant, path)] / rps[(baseline, path)],
                target=0.98 if variant == "off" else None,
            )
    results.notes["telemetry"] = (
        "bare: app.py without install_request_telemetry"
        if with_bare
        else "no bare build (--project): baseline is telemetry off"
    )
