"""Step 6: the recorder's overhead, the memory of idle pages, then a recorded session
replayed under Locust, measured once every user has signed up."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .common import HEALTHZ, NOTES, BenchError, say
from .measure import measure
from .pages import bench_idle_pages
from .processes import run_step
from .project import Project
from .results import Results
from .server import Server

# (users, --think seconds): back to back, the server's ceiling in sessions per second
# (and its queueing: every user waits for all the others); then 50 users who pause
# between visits as people do, for the latency a page sees below that ceiling.
LOAD_RUNS = ((10, 0), (50, 0), (50, 5))
# Locust's --run-time: the users' sign-ups (argon2: 50 of them take seconds of CPU) and
# then the measured --window (--load-seconds), which ends the run.
SIGN_UP_BOUND_S = 120
RECORD_SESSION_CODE = (
    "import sys\n"
    "from tests.external.test_load_testing import record_a_session\n"
    "record_a_session(sys.argv[1])\n"
)


RECORDER_PAIRS = 2  # plain then --record servers, started back to back, per ratio


def bench_recorder(
    project: Project, args: argparse.Namespace, results: Results, work: Path
) -> Path:
    """Our two endpoints on a plain server and then on `serve --record`, RECORDER_PAIRS
    times: the recorder's cost as the median of each pair's ratio. Each pair's servers
    start back to back, as server starts differ by more than the recorder costs.

    Then records one notes-page session on a recording server; returns the recording.
    """
    recording = work / "recording.jsonl"
    per_pair: dict[str, list[float]] = {HEALTHZ: [], NOTES: []}
    for pair in range(1, RECORDER_PAIRS + 1):
        figures: dict[tuple[str, str], float] = {}
        # wrk's requests go to a file of their own: the replay loads `recording`, whole.
        load_recording = work / f"recording-under-wrk-{pair}.jsonl"
        for target, extra in (("plain", ()), ("--record", ("--record", str(load_recording)))):
            server = Server(project, f"serve-{target.strip('-')}-{pair}.log", extra)
            try:
                server.start()
                for path in (HEALTHZ, NOTES):
                    m = measure(server, path, args.seconds, args.warmup)
                    m.round, m.target = pair, f"ours {target}"
                    results.measurements.append(m)
                    figures[target, path] = m.req_per_s
                    say(f"ours {target} {path}: {m.req_per_s:.0f} req/s, p99 {m.p99_ms:.1f} ms")
            finally:
                server.stop()
        for path in (HEALTHZ, NOTES):
            per_pair[path].append(figures["--record", path] / figures["plain", path])
    for path, ratios in per_pair.items():
        for ratio in ratios:
            results.add_ratio(
                f"--record {path}", "ours", "(no --record, started just before)", ratio
            )
    server = Server(project, "serve-record-session.log", ("--record", str(recording)))
    try:
        server.start()
        python = str(project.root / ".venv" / "bin" / "python")
        run_step(
            "record a session",
            [python, "-c", RECORD_SESSION_CODE, server.url("")],
            cwd=project.root,
            env=project.env,
            log=project.logs / "record-session.log",
            timeout_s=60,
        )
    finally:
        server.stop()
    return recording


def bench_replay(
    project: Project, args: argparse.Namespace, results: Results, work: Path, recording: Path
) -> None:
    """Idle pages' memory, then `load-test` replaying the recording for each of LOAD_RUNS,
    no pauses inside a session: every user signs up first, then --load-seconds are measured."""
    server = Server(project, "serve-replay.log")
    try:
        server.start()
        bench_idle_pages(project, server, results)
        for users, think in LOAD_RUNS:
            reports = work / f"load-{users}-think-{think}"
            run_time = args.load_seconds + SIGN_UP_BOUND_S
            cmd = [
                str(project.dev_script), "load-test", "--host", server.url(""),
                "--recording", str(recording), "--user-class", "ReplayUser", "--pace", "0",
                f"--think={think}", f"--users={users}", f"--spawn-rate={users}",
                f"--window={args.load_seconds}",
                f"--run-time={run_time}s", "--report-dir", str(reports),
            ]  # fmt: skip
            try:
                run_step(
                    f"load-test {users} users, think {think} s",
                    cmd,
                    cwd=project.root,
                    env=project.env,
                    log=project.logs / f"load-test-{users}-think-{think}.log",
                    timeout_s=run_time + 120,
                )
            except BenchError as exc:  # failures are figures too
                say(str(exc))
            summary_file = reports / "locust_summary.json"
            if not summary_file.exists():
                raise BenchError(f"load-test at {users} users wrote no {summary_file}")
            summary = json.loads(summary_file.read_text())
            entries = {(e["type"], e["name"]): e for e in summary["entries"]}
            window = summary.get("window") or {}
            ramp_up = window.get("ramp_up") or {}
            sessions = entries.get(("REPLAY", "all"), {})
            trips = entries.get(("WS", "all"), {})
            row = {
                "users": users,
                "think_s": think,
                "sessions": sessions.get("requests", 0),
                "failures": sessions.get("failures", 0) + ramp_up.get("failures", 0),
                "sessions_per_s": sessions.get("requests_per_s", 0.0),
                "ws_p50_ms": trips.get("p50_ms"),
                "ws_p95_ms": trips.get("p95_ms"),
                "sign_up_s": window.get("opened_after_s"),  # before the window: not measured
                "window_s": window.get("measured_s"),
            }
            results.load.append(row)
            say(
                f"replay at {users} users, think {think} s: "
                f"{row['sessions_per_s']:.1f} sessions/s, "
                f"WS p50 {row['ws_p50_ms']} ms, p95 {row['ws_p95_ms']} ms, "
                f"{row['failures']} failed (sign-ups took {row['sign_up_s'] or 0:.1f} s, "
                f"then {row['window_s'] or 0:.0f} s measured)"
            )
    finally:
        server.stop()
