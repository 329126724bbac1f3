"""Run a step's command in its own session, stop it, and find what is left running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

from .common import BenchError, say


def child_env(work: Path) -> dict[str, str]:
    """Environment for the rendered project's commands: no outer venv, no database URL."""
    env = dict(os.environ)
    for name in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "DATABASE_URL", "PYTHONPATH"):
        env.pop(name, None)
    env["UV_PYTHON_DOWNLOADS"] = "never"
    # Temp files (pytest's throwaway databases included) land in our work dir,
    # so the final check also finds anything they left running.
    env["TMPDIR"] = str(work / "tmp")
    return env


def stop_process(proc: subprocess.Popen[bytes], first: signal.Signals, grace_s: float) -> None:
    """Send `first` to proc's process group (it leads one), SIGKILL after grace_s, reap."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, first)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        say(f"pid {proc.pid} still running {grace_s:.0f} s after {first.name}; SIGKILL")
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def run_step(
    name: str, cmd: list[str], *, cwd: Path, env: dict[str, str], log: Path, timeout_s: float = 1800
) -> float:
    """Run cmd in its own session, output to log; return wall seconds or raise BenchError."""
    say(f"{name}: {' '.join(cmd)}")
    with log.open("wb") as out:
        t0 = time.monotonic()
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            rc = proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            stop_process(proc, signal.SIGINT, 30)
            raise BenchError(f"{name}: no result after {timeout_s:.0f} s (log: {log})") from None
        except BaseException:
            stop_process(proc, signal.SIGINT, 30)  # lets pytest & co. run their cleanup
            raise
        elapsed = time.monotonic() - t0
    if rc != 0:
        tail = log.read_text(errors="replace").splitlines()[-15:]
        say(f"{name} failed (exit {rc}); last lines of {log}:")
        for line in tail:
            print(f"    {line}", file=sys.stderr)
        raise BenchError(f"{name} failed (exit {rc}; log: {log})")
    say(f"{name}: {elapsed:.2f} s")
    return elapsed


def pids_referencing(path: Path) -> list[int]:
    """Live processes (not zombies, not us) whose cmdline, cwd or environment mention path."""
    needle = str(path)
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            status = (entry / "status").read_text()
            if "\nState:\tZ" in status:
                continue
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
            cwd = os.readlink(entry / "cwd")
            environ = (entry / "environ").read_bytes().decode(errors="replace")
        except (OSError, ValueError):
            continue
        if needle in cmdline or cwd.startswith(needle) or needle in environ:
            found.append(int(entry.name))
    return found


def kill_leftovers(path: Path) -> list[int]:
    """SIGTERM, then SIGKILL, every process still referencing path; return those found."""
    left = pids_referencing(path)
    if not left:
        return []
    say(f"processes still referencing {path}: {left}; SIGTERM")
    for pid in left:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and pids_referencing(path):
        time.sleep(0.2)
    for pid in pids_referencing(path):
        say(f"pid {pid} survived SIGTERM; SIGKILL")
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return left
