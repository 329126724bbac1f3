"""The command line, and the run: render, sync, tests, then each round's steps."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from . import __doc__ as package_doc
from .common import BENCH_DIR, REPO, BenchError, Interrupted, say
from .database import password_hash_cost
from .endpoints import bench_server
from .ops import bench_jobs, bench_telemetry
from .peers import ALL_PEERS, bench_peers, compute_ratios
from .processes import child_env, kill_leftovers, run_step
from .project import (
    Project,
    cli_has_command,
    find_uv,
    package_versions,
    project_slug,
    render,
    test_summary,
    time_sync,
)
from .replay import bench_recorder, bench_replay
from .report import print_table
from .results import Results

USAGE = package_doc or ""
SCENARIOS = ("jobs", "telemetry")


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="bench",
        description=USAGE.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(USAGE.splitlines()[7:]),
    )
    ap.add_argument("--seconds", type=int, default=8, help="measured seconds per endpoint (1..300)")
    ap.add_argument("--warmup", type=int, default=2, help="warm-up seconds per endpoint (0..60)")
    ap.add_argument("--rows", type=int, default=500, help="notes to seed (at least 50)")
    ap.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure our server and the peers this many times, even rounds peers first "
        "(median reported)",
    )
    ap.add_argument(
        "--peers",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run the harness's reference servers too (default: yes)",
    )
    ap.add_argument(
        "--peer-list",
        default=" ".join(ALL_PEERS),
        help=f"peers to run, space-separated (default: all {len(ALL_PEERS)})",
    )
    ap.add_argument("--skip-tests", action="store_true", help="do not run the project's tests")
    ap.add_argument(
        "--load",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="measure the recorder's overhead and replay under Locust (default: yes)",
    )
    ap.add_argument(
        "--load-seconds",
        type=int,
        default=60,
        help="seconds measured in each replay run, once its users have signed up (3..300)",
    )
    ap.add_argument(
        "--ops",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="measure the job queue and the cost of telemetry (default: yes)",
    )
    ap.add_argument(
        "--only",
        action="append",
        choices=SCENARIOS,
        help="run only this scenario (repeatable): no tests, endpoint rounds, peers or load",
    )
    ap.add_argument(
        "--jobs", type=int, default=2000, help="jobs queued per worker count (at least 10)"
    )
    ap.add_argument(
        "--project",
        type=Path,
        help="use this already rendered and synced project (no copy, sync or tests); "
        "its local database is paved and seeded",
    )
    ap.add_argument(
        "--vcs-ref",
        default="HEAD",
        help="template revision to render; HEAD (default) includes uncommitted changes, "
        "a commit (e.g. $(git rev-parse HEAD)) leaves them out",
    )
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (render and logs)")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = ap.parse_args()
    if not 1 <= args.seconds <= 300 or not 0 <= args.warmup <= 60:
        ap.error("--seconds must be 1..300 and --warmup 0..60")
    if not 3 <= args.load_seconds <= 300:
        ap.error("--load-seconds must be 3..300")
    if args.rows < 50 or args.rounds < 1:
        ap.error("--rows must be at least 50 and --rounds at least 1")
    if args.jobs < 10:
        ap.error("--jobs must be at least 10")
    if args.only:  # just these: nothing else is run
        args.skip_tests, args.peers, args.load = True, False, False
    args.peer_list = args.peer_list.split()
    if unknown := set(args.peer_list) - set(ALL_PEERS):
        ap.error(f"unknown peers {sorted(unknown)}; known: {' '.join(ALL_PEERS)}")
    return args


def preflight() -> None:
    """One clear line and exit 2 when the harness or wrk is missing."""
    if not (BENCH_DIR / "measure.sh").is_file() or not (BENCH_DIR / "peers.sh").is_file():
        sys.exit(f"bench: the harness is missing: expected measure.sh and peers.sh in {BENCH_DIR}")
    if shutil.which("wrk") is None:
        sys.exit("bench: wrk not found: apt-get update && apt-get install -y wrk")


def revision() -> str:
    done = subprocess.run(
        ["git", "-C", str(REPO), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "unknown"


def clean_work_dir(work: Path, *, keep_all: bool, keep_logs: bool) -> None:
    """Remove the temp dir; keep it with --keep, or only its logs after a failure."""
    if keep_all:
        say(f"kept {work}")
    elif keep_logs:
        for child in work.iterdir():
            if child.name != "logs":
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink()
        say(f"logs kept in {work / 'logs'}")
    else:
        shutil.rmtree(work, ignore_errors=True)


def on_sigterm(signum: int, _frame: object) -> None:
    raise Interrupted(signum)


def run(args: argparse.Namespace, results: Results, work: Path) -> None:
    logs = work / "logs"
    logs.mkdir()
    (work / "tmp").mkdir()
    env = child_env(work)
    if args.project:
        root = args.project.resolve()
    else:
        root = work / "bench-app"
        results.timings_s["copier copy (defaults)"] = render(root, args.vcs_ref, env, logs)
    project = Project(root, project_slug(root), env, logs)
    results.settings["slug"] = project.slug
    uv = find_uv()
    if not args.project:
        first, warm = time_sync(project, uv)
        results.timings_s["uv sync (first: lock + install)"] = first
        results.timings_s["uv sync (warm cache, fresh .venv)"] = warm
        if not args.skip_tests:
            log = logs / "pytest.log"
            try:
                results.timings_s["pytest -q"] = run_step(
                    "pytest", [*uv, "run", "--frozen", "pytest", "-q"], cwd=root, env=env, log=log
                )
            except BenchError as exc:  # a red suite is a figure too; go on measuring
                results.timings_s["pytest -q"] = None
                say(str(exc))
            results.notes["pytest -q"] = test_summary(log)
    results.versions.update(package_versions(project))
    if cli_has_command(project, "init-env"):  # the README's set-up step before pave-db
        results.timings_s["init-env"] = run_step(
            "init-env",
            [*uv, "run", "--frozen", project.slug, "init-env"],
            cwd=root,
            env=env,
            log=logs / "init-env.log",
        )
    results.timings_s["pave-db --yes"] = run_step(
        "pave-db",
        [*uv, "run", "--frozen", project.slug, "pave-db", "--yes"],
        cwd=root,
        env=env,
        log=logs / "pave-db.log",
    )
    parameters, one_hash = password_hash_cost(project)
    results.timings_s["one password hash (median of 7)"] = one_hash
    results.notes["one password hash (median of 7)"] = parameters
    results.settings["password_hash"] = parameters
    if args.only:
        run_scenarios(project, args, results, args.only)
        return
    for rnd in range(1, args.rounds + 1):
        # Even rounds run the peers first (ABBA), so a machine that gets busier
        # or quieter during the run does not favour one side.
        peers_first = args.peers and rnd % 2 == 0
        say(f"round {rnd} of {args.rounds}" + (": peers first" if peers_first else ""))
        if peers_first:
            bench_peers(args, results, rnd, work)
        bench_server(project, args, results, rnd, work)
        if args.load and rnd == 1:
            recording = bench_recorder(project, args, results, work)
            bench_replay(project, args, results, work, recording)
        if args.peers and not peers_first:
            bench_peers(args, results, rnd, work)
        if args.ops and rnd == 1:
            run_scenarios(project, args, results, SCENARIOS)
    compute_ratios(results)


def run_scenarios(
    project: Project, args: argparse.Namespace, results: Results, scenarios: Sequence[str]
) -> None:
    if "jobs" in scenarios:
        bench_jobs(project, args, results)
    if "telemetry" in scenarios:
        bench_telemetry(project, args, results)


def main() -> int:
    args = parse_args()
    preflight()
    # Ctrl-C stops the run even when started from a shell that ignores SIGINT in
    # background jobs; SIGTERM and SIGHUP stop it the same way.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, on_sigterm)
    signal.signal(signal.SIGHUP, on_sigterm)
    results = Results(
        started_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        command=sys.argv,
        settings={
            "repo": str(REPO),
            "revision": revision(),
            "vcs_ref": args.vcs_ref,
            "project": (
                f"project {args.project}"
                if args.project
                else f"render of {REPO} --vcs-ref {args.vcs_ref[:12]} (worktree {revision()})"
            ),
            "seconds": args.seconds,
            "warmup": args.warmup,
            "rows": args.rows,
            "rounds": args.rounds,
            "peers": args.peer_list if args.peers else [],
            "only": args.only or [],
            "jobs": args.jobs,
            "slug": "?",
        },
        machine={
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "loadavg_at_start": os.getloadavg(),
        },
    )
    work = Path(tempfile.mkdtemp(prefix="heavy-stack-bench-"))
    rc = 0
    try:
        run(args, results, work)
    except BenchError as exc:
        say(f"error: {exc}")
        rc = 1
    except (KeyboardInterrupt, Interrupted):
        say("interrupted; stopping what was started")
        rc = 130
    finally:
        results.leftovers = kill_leftovers(work)
        if results.leftovers:
            rc = rc or 1
        clean_work_dir(work, keep_all=args.keep, keep_logs=rc == 1)
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(asdict(results), indent=2, default=str) + "\n")
        say(f"wrote {args.json}")
    return rc
