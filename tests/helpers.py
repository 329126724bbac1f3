"""Helpers for running what the template renders."""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree

import httpx

REPO = Path(__file__).resolve().parent.parent
SHARED_TOOLS = REPO.parent / "shared" / "tools"


# The rendered projects' own pytest sessions keep their temp folders under a root of
# this process (pytest honours PYTEST_DEBUG_TEMPROOT): sessions in other xdist workers,
# or this session's own basetemp, are never pruned by a nested session's clean-up.
_NESTED_PYTEST_ROOT = Path(tempfile.mkdtemp(prefix="rendered-pytest-"))
atexit.register(shutil.rmtree, _NESTED_PYTEST_ROOT, ignore_errors=True)


def project_env() -> dict[str, str]:
    """Environment for commands in a rendered project: its own venv, no interpreter downloads."""
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "DATABASE_URL"}}
    env["UV_PYTHON_DOWNLOADS"] = "never"
    env["PYTEST_DEBUG_TEMPROOT"] = str(_NESTED_PYTEST_ROOT)
    return env


def run(command: list[str], cwd: Path, *, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run a command; fail with its output when it exits non-zero."""
    result = subprocess.run(
        command, cwd=cwd, env=project_env(), capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise AssertionError(
            f"{' '.join(command)} exited {result.returncode} in {cwd}\n"
            f"--- stdout ---\n{result.stdout[-6000:]}\n--- stderr ---\n{result.stderr[-6000:]}"
        )
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(project: Path, script: str) -> Iterator[str]:
    """Start the rendered project's `serve` on a free port; SIGTERM it on exit and wait."""
    with serving_from(project / ".venv" / "bin" / script, project, project_env()) as url:
        yield url


@contextmanager
def serving_from(executable: Path, cwd: Path, env: dict[str, str]) -> Iterator[str]:
    """`EXECUTABLE serve` on a free port, run in CWD; SIGTERM it on exit and wait."""
    port = free_port()
    log_path = cwd / "serve-test.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(executable), "serve", "--port", str(port)],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"serve exited early:\n{log_path.read_text()}"
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"serve not up in 60 s:\n{log_path.read_text()}"
            time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise AssertionError("serve ignored SIGTERM for 30 s") from None
        assert code in (0, 128 + signal.SIGTERM), f"serve exited {code}:\n{log_path.read_text()}"
        log_path.unlink()


def uv_run(project: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """`uv run --frozen ARGS` in a rendered project; fails with its output on error."""
    return run([sys.executable, "-m", "uv", "run", "--frozen", *args], project, timeout=timeout)


def rendered_pytest(
    project: Path, report: Path, *args: str, timeout: float
) -> subprocess.CompletedProcess[str]:
    """The project's own pytest, ARGS passed on, writing a JUnit REPORT. A failure names its
    failed tests first, each with the head of its message: the output's tail alone can be
    one test's long captured log, which hides which test it was."""
    command = [sys.executable, "-m", "uv", "run", "--frozen", "pytest", f"--junitxml={report}"]
    try:
        return run([*command, *args], project, timeout=timeout)
    except AssertionError as failed:
        raise AssertionError(f"{failed_tests(report)}{failed}") from None


def failed_tests(junit_report: Path, chars: int = 1500) -> str:
    """Each failed or erroring test of a JUnit report, with the head of its message."""
    if not junit_report.is_file():
        return "(no JUnit report was written)\n"
    told = []
    for case in ElementTree.parse(junit_report).iter("testcase"):
        for outcome in ("failure", "error"):
            found = case.find(outcome)
            if found is not None:
                name = f"{case.get('classname', '')}::{case.get('name', '')}"
                message = found.get("message") or found.text or ""
                told.append(f"{outcome.upper()} {name}\n{message[:chars]}\n")
    return "".join(told) + "\n" if told else "(the report names no failed test)\n"


# The reason the rendered tests/external/conftest.py skips the browser tests with.
NO_BROWSER = "no Chromium for the browser tests"


def passed_modules(junit_report: Path) -> set[str]:
    """The test modules (last part of the dotted name) with a test that passed, from JUnit XML."""
    return {
        case.get("classname", "").rsplit(".", 1)[-1]
        for case in ElementTree.parse(junit_report).iter("testcase")
        if not any(case.find(outcome) is not None for outcome in ("skipped", "failure", "error"))
    }


def assert_no_template_markup(project: Path) -> None:
    """No Copier/Jinja markup left in any file (the shared jinja-leftovers check)."""
    import pytest

    tool = SHARED_TOOLS / "jinja-leftovers"
    if not tool.is_file():
        pytest.skip(f"SKIPPED LOUDLY: {tool} is missing (it comes with ../shared beside the repo)")
    result = subprocess.run(
        [sys.executable, str(tool), str(REPO), str(project)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def render_with_reactpy_fork(destination: Path, source: Path, ref: str, checkout_dir: str) -> Path:
    """Render with `reactpy_source` at a fork, Copier's post-copy task included (checkout,
    uv sync), in the environment a project's tools get (restored after)."""
    from copier import run_copy  # a heavy import, only for the tests that render with a fork

    env_before = dict(os.environ)
    os.environ.update(project_env())
    try:
        run_copy(
            str(REPO), destination, defaults=True, unsafe=True, vcs_ref="HEAD", quiet=True,
            data={"reactpy_source": str(source), "reactpy_ref": ref,
                  "reactpy_checkout_dir": checkout_dir},
        )  # fmt: skip
    finally:
        os.environ.clear()
        os.environ.update(env_before)
    return destination


def run_reactpy_checkout(
    project: Path, *, path: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The project's own fork checkout script; `path`, if given, replaces PATH."""
    env = project_env()
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, "dev_scripts/reactpy_checkout.py"],
        cwd=project, env=env, capture_output=True, text=True,
    )  # fmt: skip
