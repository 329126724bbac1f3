"""`load-test`: Locust, headless, against a server it starts or a given host.

Locust runs as child processes: one plain run, or with `workers > 0` Locust's
own distributed mode (one master and N workers, on loopback). The Locust file is
tests/load_testing/locustfile.py; it decides the exit code from the failure ratio.
Everything started here is stopped here, on success, failure, Ctrl-C or SIGTERM.
"""

import importlib.util
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx

from ..errors import AppError
from ..settings import PROJECT_ROOT
from .recordings import load, recording_files
from .replay import ReplayError, plan

PACKAGE = __name__.split(".")[0]
LOCUSTFILE = PROJECT_ROOT / "tests" / "load_testing" / "locustfile.py"
RECORDINGS_DIR = Path("var/recordings")  # where the Data Record profile writes, from the project
USER_CLASSES = ("ReplayUser", "NotesApiUser")
# Locust's --run-time format, checked without importing Locust (which patches the process)
RUN_TIME = re.compile(r"\d+|(\d+h)?(\d+m)?(\d+s)?")


class LoadTestError(AppError):
    status = 400


@dataclass(frozen=True)
class LoadTest:
    users: int
    spawn_rate: float
    run_time: str
    report_dir: Path
    max_failure_ratio: float
    workers: int  # 0: one Locust process; N: a master and N workers
    user_classes: tuple[str, ...]
    host: str | None = None  # None: serve the project on a free loopback port
    recording: Path | None = None  # None: the newest under var/recordings
    connection: str | None = None  # None: the most active connection
    pace: float = 1.0
    response_timeout: float = 10.0


def newest_recording() -> Path:
    found = recording_files(RECORDINGS_DIR) if RECORDINGS_DIR.is_dir() else []
    if not found:
        raise LoadTestError(
            f"no recording in {RECORDINGS_DIR}: record one with "
            "`serve --record var/recordings/<name>.jsonl`, or pass --recording"
        )
    return found[-1]


def check(test: LoadTest) -> LoadTest:
    """Validate the inputs before anything starts; the recording made explicit."""
    if unknown := set(test.user_classes) - set(USER_CLASSES):
        known = ", ".join(USER_CLASSES)
        raise LoadTestError(f"unknown user class {', '.join(sorted(unknown))}; known: {known}")
    if importlib.util.find_spec("locust") is None:
        raise LoadTestError("locust is not installed: it is a dev dependency, run `uv sync`")
    if not LOCUSTFILE.is_file():
        raise LoadTestError(f"no Locust file at {LOCUSTFILE}")
    if not RUN_TIME.fullmatch(test.run_time) or not re.search(r"[1-9]", test.run_time):
        raise LoadTestError(f"--run-time {test.run_time!r} is no duration: e.g. 30s, 5m, 1h30m")
    if "ReplayUser" not in test.user_classes:
        return test
    recording = test.recording or newest_recording()
    connection = load(recording).connection(test.connection)
    try:
        plan(connection)
    except ReplayError as exc:
        raise LoadTestError(f"{recording}: {exc}") from None
    return LoadTest(**{**test.__dict__, "recording": recording, "connection": connection.id})


def run(test: LoadTest) -> int:
    """Run the load test; Locust's exit code (0: failures within the allowed ratio)."""
    test = check(test)
    test.report_dir.mkdir(parents=True, exist_ok=True)
    with _target(test.host) as host:
        if test.workers == 0:
            return _wait_all([_locust(test, host, "--headless")])
        port = _free_port()
        master = _locust(
            test,
            host,
            "--headless",
            "--master",
            "--master-bind-host=127.0.0.1",
            f"--master-bind-port={port}",
            f"--expect-workers={test.workers}",
            "--expect-workers-max-wait=60",
        )
        workers = [
            _locust(test, host, "--worker", "--master-host=127.0.0.1", f"--master-port={port}")
            for _ in range(test.workers)
        ]
        return _wait_all([master, *workers])


def _locust(test: LoadTest, host: str, *mode: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), *mode, "--host", host]
    if "--worker" not in mode:
        reports = test.report_dir
        command += [
            f"--users={test.users}",
            f"--spawn-rate={test.spawn_rate}",
            f"--run-time={test.run_time}",
            f"--html={reports / 'report.html'}",
            f"--csv={reports / 'locust'}",
            "--only-summary",
            "--stop-timeout=10",
        ]
    command += [f"--max-failure-ratio={test.max_failure_ratio}", f"--pace={test.pace}"]
    command += [f"--response-timeout={test.response_timeout}"]
    if test.recording is not None:
        command += [f"--recording={test.recording}", f"--connection={test.connection}"]
    return subprocess.Popen([*command, *test.user_classes], cwd=PROJECT_ROOT)  # noqa: S603 (this Python)


def _wait_all(processes: list[subprocess.Popen[bytes]]) -> int:
    """The first process's exit code, once all have ended; all are stopped on the way out."""
    try:
        codes = [process.wait() for process in processes]
        return codes[0]
    finally:
        for process in processes:
            _stop(process)


def _stop(process: subprocess.Popen[bytes], grace: float = 15) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _target(host: str | None) -> Iterator[str]:
    """The given host, or the project served on a free loopback port until the run ends."""
    if host is not None:
        yield host.rstrip("/")
        return
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    serve = [sys.executable, "-m", PACKAGE, "serve", "--port", str(port)]
    server = subprocess.Popen(serve)  # noqa: S603 (this Python, our own CLI)
    try:
        deadline = time.monotonic() + 60
        while not _ready(url):
            if server.poll() is not None:
                raise LoadTestError(f"serve exited with {server.returncode} before it was ready")
            if time.monotonic() > deadline:
                raise LoadTestError(f"serve was not ready on {url} within 60 s")
            time.sleep(0.2)
        yield url
    finally:
        _stop(server, grace=30)  # SIGTERM: serve also stops its embedded database


def _ready(url: str) -> bool:
    with suppress(httpx.TransportError):
        return httpx.get(f"{url}/readyz", timeout=1).status_code == 200
    return False
