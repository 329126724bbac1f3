"""The harness's reference servers (peers.sh) and our ratios to them."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
from contextlib import suppress
from pathlib import Path

from .common import BENCH_DIR, HEALTHZ, NOTES, NOTES_SIGNED_IN, say
from .processes import stop_process
from .results import Measurement, Results

ALL_PEERS = ("sanic_bare", "fastapi_sqlmodel", "sanic_sqlmodel", "sanic_asyncpg")


RATIOS = (
    (HEALTHZ, "sanic_bare", "/healthz", 0.90),
    (NOTES, "sanic_sqlmodel", "/items", 0.90),
    (NOTES, "fastapi_sqlmodel", "/items", None),
    (NOTES, "sanic_asyncpg", "/items", None),  # the ceiling: no ORM
    (NOTES_SIGNED_IN, "ours", NOTES, None),  # the cost of authentication
)


def run_peers(
    seconds: int,
    warmup: int,
    peers: list[str],
    out_json: Path,
    log: Path,
) -> list[tuple[str, str, float, float]]:
    """peers.sh in the same run; [(peer, endpoint, req/s, p99 ms)]."""
    env = {
        **os.environ,
        "BENCH_S": str(seconds),
        "BENCH_WARMUP_S": str(warmup),
        "BENCH_OUT": str(out_json),
        "BENCH_PEERS": " ".join(peers),
    }
    say(f"peers.sh ({' '.join(peers)}); progress in {log}")
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [str(BENCH_DIR / "peers.sh")],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
            start_new_session=True,
        )
        try:
            out, _ = proc.communicate()
        except BaseException:
            # peers.sh traps TERM and stops its peer, wrk and PostgreSQL itself.
            with suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=90)
            except subprocess.TimeoutExpired:
                stop_process(proc, signal.SIGKILL, 5)
            raise
    rows = []
    for line in out.decode().splitlines():
        peer, endpoint, rps, p99 = line.split()
        rows.append((peer, endpoint, float(rps), float(p99)))
    if proc.returncode != 0:
        say(f"peers.sh exited {proc.returncode}; see {log}")
    return rows


def bench_peers(args: argparse.Namespace, results: Results, rnd: int, work: Path) -> None:
    rows = run_peers(
        args.seconds,
        args.warmup,
        args.peer_list,
        work / f"peers-{rnd}.json",
        work / "logs" / f"peers-{rnd}.log",
    )
    for peer, endpoint, rps, p99 in rows:
        results.measurements.append(Measurement(rnd, peer, endpoint, rps, p99))
        say(f"{peer} {endpoint}: {rps:.0f} req/s, p99 {p99:.1f} ms")
    peer_json = work / f"peers-{rnd}.json"
    if peer_json.exists():
        doc = json.loads(peer_json.read_text())
        for key, value in doc.get("packages", {}).items():
            results.versions.setdefault(f"peers:{key}", value)


def compute_ratios(results: Results) -> None:
    by_key = {(m.round, m.target, m.endpoint): m.req_per_s for m in results.measurements}
    rounds = sorted({m.round for m in results.measurements})
    for ours_ep, peer, peer_ep, target in RATIOS:
        ours_keys = [(r, "ours", ours_ep) for r in rounds]
        peer_keys = [(r, peer, peer_ep) for r in rounds]
        for o, p in zip(ours_keys, peer_keys, strict=True):
            if o in by_key and p in by_key:
                results.add_ratio(ours_ep, peer, peer_ep, by_key[o] / by_key[p], target)
