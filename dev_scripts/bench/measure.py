"""One endpoint measured with the harness's wrk runs, plus CPU time per request."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import time
from contextlib import suppress
from pathlib import Path
from typing import Protocol

from .common import BENCH_DIR, BenchError, say
from .processes import pids_referencing, stop_process
from .results import Measurement


class Measured(Protocol):
    """A server to measure: ours (server.Server) or a peer started here (bare_peer)."""

    @property
    def pid(self) -> int: ...

    @property
    def pgdata(self) -> Path | None: ...  # its PostgreSQL's, None without one

    def url(self, path: str) -> str: ...


def wrk_wrapper(work: Path, name: str, lua: str, extra: str = "") -> Path:
    """A wrk that runs `lua` (method, body, headers): measure.sh calls it as BENCH_WRK."""
    script = work / f"{name}.lua"
    script.write_text(lua)
    wrapper = work / f"wrk-{name}"
    wrk = shutil.which("wrk") or "wrk"
    wrapper.write_text(f'#!/bin/sh\nexec "{wrk}" -s "{script}" {extra} "$@"\n')
    wrapper.chmod(0o755)
    return wrapper


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string of ASCII is a valid Lua string literal


def bench_wrk(
    url: str, seconds: int, wrk: Path | None = None
) -> tuple[float, float, int, int, int]:
    """One run of measure.sh's own `bench_wrk` (its wrk settings and parser).

    `wrk` replaces the wrk binary (BENCH_WRK): a wrapper adding a Lua script.
    Returns (req/s, p99 ms, requests, non-2xx, socket errors).
    """
    script = '. "$1" && bench_wrk "$2" "$3"'
    cmd = ["bash", "-c", script, "_", str(BENCH_DIR / "measure.sh"), url, str(seconds)]
    env = {**os.environ, "BENCH_WRK": str(wrk)} if wrk else None
    proc = subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, start_new_session=True, env=env
    )
    try:
        out, _ = proc.communicate()
    except BaseException:
        stop_process(proc, signal.SIGTERM, 5)
        raise
    if proc.returncode != 0:
        raise BenchError(f"measure.sh's bench_wrk failed on {url} (exit {proc.returncode})")
    rps, p99, reqs, non2xx, sockerr = out.decode().split()
    return float(rps), float(p99), int(reqs), int(non2xx), int(sockerr)


def cpu_seconds(pids: list[int], *, reaped_children: bool = False) -> float:
    """User + system CPU time used so far by these processes (those still alive).

    With reaped_children, also the time of their children that have exited and
    been waited for (PostgreSQL backends that closed, counted in the postmaster).
    """
    ticks = 0
    for pid in pids:
        with suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
            if reaped_children:
                ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time all CPUs spent in processes so far, plus time stolen by other VMs.

    From /proc/stat; interrupt time is left out (loopback traffic puts some of
    the benchmark's own work there).
    """
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, _irq, _softirq, steal = fields
    return (user + nice + system + steal) / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds(pgdata: Path | None) -> float:
    """CPU time of the PostgreSQL in pgdata: live processes plus backends already gone."""
    if pgdata is None:
        return 0.0
    try:
        postmaster = int((pgdata / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0
    others = [pid for pid in pids_referencing(pgdata) if pid != postmaster]
    return cpu_seconds([postmaster], reaped_children=True) + cpu_seconds(others)


def measure(
    server: Measured,
    path: str,
    seconds: int,
    warmup: int,
    *,
    label: str | None = None,
    wrk: Path | None = None,
) -> Measurement:
    """measure.sh's warm-up then measured run, plus server and PostgreSQL CPU per request.

    Same as `measure.sh URL SECONDS` (which is `bench_measure`: `bench_wrk` for the
    warm-up, result discarded, then `bench_wrk` measured), split in two so that the
    CPU counters can be read around the measured run only.
    """
    url = server.url(path)
    say(f"measure {label or url}: {warmup} s warm-up, then {seconds} s")
    if warmup:
        bench_wrk(url, warmup, wrk)
    pgdata = server.pgdata

    def counters() -> tuple[float, float, float, float, float]:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk, once waited for
        return (
            cpu_seconds([server.pid]),
            postgres_cpu_seconds(pgdata),
            children.ru_utime + children.ru_stime,
            machine_busy_seconds(),
            time.monotonic(),
        )

    before = counters()
    rps, p99, reqs, non2xx, sockerr = bench_wrk(url, seconds, wrk)
    after = counters()
    server_s, db_s, wrk_s, busy_s, wall_s = (b - a for a, b in zip(before, after, strict=True))
    elsewhere = max(0.0, busy_s - server_s - db_s - wrk_s) / (wall_s * (os.cpu_count() or 1))
    if non2xx or sockerr:
        shown = label or path
        say(f"WARNING {shown}: {non2xx} non-2xx, {sockerr} socket errors in {reqs} requests")
    return Measurement(
        round=0,
        target="ours",
        endpoint=label or path,
        req_per_s=rps,
        p99_ms=p99,
        clean=not (non2xx or sockerr),
        server_cpu_us=1e6 * server_s / max(reqs, 1),
        db_cpu_us=1e6 * db_s / max(reqs, 1),
        busy_elsewhere_pct=100 * elsewhere,
    )
