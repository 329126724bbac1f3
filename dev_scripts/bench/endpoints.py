"""Step 4: our server's endpoints, seeded in the first round."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from statistics import median

from .bare_peer import BarePeer
from .common import (
    BENCH_EMAIL,
    BENCH_PASSWORD,
    HEALTHZ,
    LOGIN,
    NOTES,
    NOTES_SIGNED_IN,
    BenchError,
    say,
)
from .database import PUBLIC_NOTES_SQL, analyze, run_sql
from .measure import lua_string, measure, wrk_wrapper
from .project import Project
from .results import Measurement, Results
from .server import Server, check_notes, seed_notes, sign_up


def seed_once(server: Server, project: Project, args: argparse.Namespace, results: Results) -> None:
    """The bench account and its notes, and as many public ones, on the first server run."""
    if project.account is not None:
        return
    project.account = sign_up(server)
    key = f"seed {args.rows} notes (POST /api/notes)"
    results.timings_s[key] = seed_notes(server, args.rows, project.account)
    if not run_sql(project, PUBLIC_NOTES_SQL.format(rows=args.rows), "public notes"):
        raise BenchError("no embedded PostgreSQL to seed the public notes into")
    analyze(project)
    results.notes[key] = "signed in; as many public rows by SQL; then ANALYZE"


def bench_server(
    project: Project, args: argparse.Namespace, results: Results, rnd: int, work: Path
) -> None:
    """Start the server, seed it (first round), measure our endpoints, stop it."""
    server = Server(project, f"serve-{rnd}.log")
    try:
        server.start()
        seed_once(server, project, args, results)
        account = project.account
        assert account is not None
        check_notes(server)
        check_notes(server, account)
        signed_in = wrk_wrapper(
            work, "signed-in", f"wrk.headers['Cookie'] = {lua_string(account.cookie)}\n"
        )
        login_body = json.dumps({"email": BENCH_EMAIL, "password": BENCH_PASSWORD})
        log_in = wrk_wrapper(
            work,
            "login",
            "wrk.method = 'POST'\n"
            f"wrk.body = {lua_string(login_body)}\n"
            "wrk.headers['Content-Type'] = 'application/json'\n",
            extra="--timeout 30s",  # 32 connections queue behind the hash
        )
        runs = [
            (HEALTHZ, None, None),
            (NOTES, None, None),
            (NOTES, NOTES_SIGNED_IN, signed_in),
            ("/api/auth/login", LOGIN, log_in),
        ]
        for path, label, wrk in runs:
            m = measure(server, path, args.seconds, args.warmup, label=label, wrk=wrk)
            m.round = rnd
            results.measurements.append(m)
            say(
                f"ours {label or path}: {m.req_per_s:.0f} req/s, p99 {m.p99_ms:.1f} ms, "
                f"CPU/request: server {m.server_cpu_us:.0f} us, PostgreSQL {m.db_cpu_us:.0f} us"
            )
        signed_in_interleaved(server, args, results, rnd, signed_in)
        if args.peers:
            healthz_against_bare(server, args, results, rnd, work)
    finally:
        server.stop()


SLICES = 4  # anonymous, then signed-in, this many times


def signed_in_interleaved(
    server: Server, args: argparse.Namespace, results: Results, rnd: int, signed_in: Path
) -> None:
    """Signed-in against anonymous /api/notes, in alternating slices of a quarter of
    --seconds each: this machine's speed drifts by more than the difference within one
    endpoint's run, so the two runs above, one after the other, compare moments as much
    as requests. The ratio is of the slices' medians, by req/s and by server CPU."""
    seconds = max(2, args.seconds // SLICES)
    slices: dict[str, list[Measurement]] = {NOTES: [], NOTES_SIGNED_IN: []}
    for _ in range(SLICES):
        for label, wrk in ((NOTES, None), (NOTES_SIGNED_IN, signed_in)):
            m = measure(server, NOTES, seconds, 0, label=f"{label} (interleaved)", wrk=wrk)
            m.round = rnd
            results.measurements.append(m)
            slices[label].append(m)
    add_interleaved_ratios(
        results,
        "signed-in /api/notes",
        slices[NOTES_SIGNED_IN],
        ("ours", "anonymous", slices[NOTES]),
    )


def add_interleaved_ratios(
    results: Results,
    name: str,
    ours: list[Measurement],
    against: tuple[str, str, list[Measurement]],
) -> None:
    """OURS ÷ the other side's slices (peer, its endpoint, its slices): the ratio of their
    medians by req/s, and by CPU per request (theirs ÷ ours: higher is better for us too)."""
    peer, peer_endpoint, theirs = against
    by_requests = median([m.req_per_s for m in ours]) / median([m.req_per_s for m in theirs])
    by_cpu = median([m.server_cpu_us or 0 for m in theirs]) / median(
        [m.server_cpu_us or 1 for m in ours]
    )
    say(
        f"{name} ÷ {peer} {peer_endpoint}, interleaved: {by_requests:.2f} by req/s, "
        f"{by_cpu:.2f} by CPU"
    )
    for what, value in (("req/s", by_requests), ("CPU per request", by_cpu)):
        results.add_ratio(f"{name}, interleaved, by {what}", peer, peer_endpoint, value, 0.90)


def healthz_against_bare(
    server: Server, args: argparse.Namespace, results: Results, rnd: int, work: Path
) -> None:
    """/healthz against the bare Sanic peer, both running, in alternating slices as above,
    with each one's CPU per request (peers.sh alone gives req/s only)."""
    if not BarePeer.available():
        say("/healthz against sanic_bare, interleaved: SKIPPED, no peers' venv yet (peers.sh")
        say("  makes it on its first run: a later round or run measures it)")
        return
    peer = BarePeer(work / "logs" / f"sanic-bare-{rnd}.log")
    seconds = max(2, args.seconds // SLICES)
    slices: dict[str, list[Measurement]] = {"ours": [], "sanic_bare": []}
    label = f"{HEALTHZ} (interleaved)"
    try:
        peer.start()
        for n in range(SLICES):
            warmup = args.warmup if n == 0 else 0
            for target, measured in (("ours", server), ("sanic_bare", peer)):
                m = measure(measured, HEALTHZ, seconds, warmup, label=label)
                m.round, m.target = rnd, target
                results.measurements.append(m)
                slices[target].append(m)
    finally:
        peer.stop()
    add_interleaved_ratios(
        results, HEALTHZ, slices["ours"], ("sanic_bare", HEALTHZ, slices["sanic_bare"])
    )
