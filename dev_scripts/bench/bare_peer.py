"""The harness's bare Sanic peer, started by the bench itself beside our server.

`peers.sh` measures its peers alone and reports req/s only. Run beside ours, the two can be
measured in alternating slices, each with its CPU time per request: the machine's drift
from one minute to the next then favours neither, and CPU per request says what a request
costs when wrk's own share of the two CPUs varies.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from .common import BENCH_DIR, HEALTHZ, BenchError
from .processes import stop_process
from .server import await_healthz, free_port

# Where peers.sh keeps the peers' packages (its BENCH_VENV, made on its first run).
PEERS_PYTHON = Path(os.environ.get("BENCH_VENV", "/tmp/bench-venv")) / "bin" / "python"


class BarePeer:
    """`peers/sanic_bare.py` on a free loopback port, in a process group of its own."""

    pgdata: Path | None = None  # no database

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    @staticmethod
    def available() -> bool:
        return PEERS_PYTHON.is_file()

    @property
    def pid(self) -> int:
        assert self.proc is not None, "peer not started"
        return self.proc.pid

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self, ready_timeout_s: float = 30) -> None:
        script = BENCH_DIR / "peers" / "sanic_bare.py"
        cmd = [str(PEERS_PYTHON), str(script), "--port", str(self.port)]
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            await_healthz(self.proc, self.url(HEALTHZ), "sanic_bare", self.log, ready_timeout_s)
        except BenchError:
            self.stop()
            raise

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc, signal.SIGTERM, 10)
            self.proc = None
