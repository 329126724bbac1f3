"""Time tracking with ptyme-track: a tracker in the background, and cementing what it saw.

The tracker (`ptyme-track --standalone`) hashes the project's files every two
minutes and appends a signed time stamp to `.ptyme_track/.cur_times`: a start
when they changed, a stop when they did not. That working file, the
tracker's pid and log, and the signing secret (`.ptyme.secret`) are git-ignored.
Cementing moves the stamps into `.ptyme_track/<name>`, the per-user record that
gets committed. Everything runs in the project folder, as ptyme-track expects.
"""

import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from ..errors import AppError
from ..settings import PROJECT_ROOT

# ptyme-track skips hidden folders (.venv, .git) itself; local state is not work.
IGNORED_DIRS = "node_modules:__pycache__:var/:dist/:build/"


class TimeTrackingError(AppError):
    """Time tracking cannot do what was asked."""


def _track_dir() -> Path:
    return PROJECT_ROOT / os.environ.get("PTYME_TRACK_DIR", ".ptyme_track")


def _pid_file() -> Path:
    return _track_dir() / ".tracker.pid"


def _ptyme(*args: str) -> list[str]:
    # Not `-m ptyme_track.main`: its package imports that module first, and runpy warns.
    return [sys.executable, "-c", "from ptyme_track.main import main; main()", *args]


def _env() -> dict[str, str]:
    return {"PTYME_IGNORED_DIRS": IGNORED_DIRS} | dict(os.environ)


def _run_ptyme(*args: str) -> None:
    done = subprocess.run(_ptyme(*args), cwd=PROJECT_ROOT, env=_env(), capture_output=True)  # noqa: S603
    if done.returncode != 0:
        output = (done.stdout + done.stderr).decode(errors="replace").strip()
        raise TimeTrackingError(f"ptyme-track {' '.join(args)} failed: {output[-500:]}")


def running_pid() -> int | None:
    """The pid of this project's tracker, if one runs."""
    try:
        pid = int(_pid_file().read_text())
        os.kill(pid, 0)
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None
    except PermissionError:
        return pid
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists() and b"ptyme_track" not in cmdline.read_bytes():
        return None  # the pid was reused by another program
    return pid


def start() -> str:
    """Start the tracker unless it runs already; say which happened."""
    if (pid := running_pid()) is not None:
        return f"time tracking already running (pid {pid})"
    _require_ptyme_track()
    _run_ptyme("--ensure-secret")
    _track_dir().mkdir(exist_ok=True)
    with (_track_dir() / ".tracker.log").open("ab") as log:
        process = subprocess.Popen(  # noqa: S603 (this Python, fixed arguments)
            _ptyme("--standalone"),
            cwd=PROJECT_ROOT,
            env=_env(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # outlives the command that started it
        )
    _pid_file().write_text(str(process.pid))
    return f"time tracking started (pid {process.pid}); `cement` records it"


def stop() -> str:
    pid = running_pid()
    _pid_file().unlink(missing_ok=True)
    if pid is None:
        return "time tracking was not running"
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    return f"time tracking stopped (pid {pid})"


def default_name() -> str:
    """Whose record: the GitHub user in a Codespace, else git's user.name, else the login."""
    name = os.environ.get("GITHUB_USER", "")
    if not name and (git := shutil.which("git")):
        asked = [git, "config", "user.name"]
        found = subprocess.run(asked, cwd=PROJECT_ROOT, capture_output=True, text=True)  # noqa: S603
        name = found.stdout.strip()
    return name or os.environ.get("USER", "") or "developer"


def record_file(name: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    if not safe:
        raise TimeTrackingError(f"{name!r} cannot name a file: use letters, digits, . _ -")
    return _track_dir() / safe


def cement(name: str) -> tuple[Path, int]:
    """Append the stamps recorded so far to NAME's record; return it and the count."""
    target = record_file(name)
    working = _track_dir() / ".cur_times"
    stamps = len(working.read_text().splitlines()) if working.exists() else 0
    if stamps == 0:
        return target, 0
    _require_ptyme_track()
    _run_ptyme("--cement", target.name)
    return target, stamps


def _require_ptyme_track() -> None:
    if importlib.util.find_spec("ptyme_track") is None:
        raise TimeTrackingError(
            "ptyme-track is not installed: it is a dev dependency, run `uv sync`"
        )
