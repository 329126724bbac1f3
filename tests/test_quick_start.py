"""The README's quick start, as a new user runs it: a distribution's Python, a fresh HOME.

The commands are read from the README's quick-start block (numbered comments), not
copied here. They run in a clone of a throwaway template copy checked out at its older
tag (tests/template_versions.py), with `/usr/bin/python3` first on PATH and a HOME of
their own that has a git identity and nothing else. Only uv's cache is shared
(UV_CACHE_DIR), so the render's `uv sync` installs from it. Then `copier update` of the
result, as docs/update.md gives it, reaches the newer tag: the recorded `_src_path` is
usable and the post-copy task's first commit left the clean tree Copier requires.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from . import template_versions as tv
from .helpers import REPO, free_port

pytestmark = pytest.mark.slow

SYSTEM_PYTHON = Path("/usr/bin/python3")


def quick_start_commands() -> dict[int, str]:
    """{number: command} from the README's quick-start bash block."""
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1]
    block = section.split("```bash\n", 1)[1].split("```", 1)[0]
    commands: dict[int, str] = {}
    number = None
    for line in block.splitlines():
        if heading := re.match(r"# (\d+)\. ", line):
            number = int(heading.group(1))
        elif line and not line.startswith("#") and number is not None:
            commands.setdefault(number, line)
    return commands


# What ties a shell to this checkout or its Python; the machine's own network settings
# (proxies, certificate bundles, pip's index) stay, as they would for a new user.
NOT_PASSED = ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTHON", "PYENV", "CONDA", "PYTEST",
              "DATABASE_URL", "XDG_", "COV_", "OLDPWD")  # fmt: skip


def user_env(home: Path, template: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith(NOT_PASSED)}
    uv_cache = subprocess.run(
        [shutil.which("uv") or "uv", "cache", "dir"], capture_output=True, text=True, check=True
    ).stdout.strip()
    env.update(
        HOME=str(home),
        PATH=f"{SYSTEM_PYTHON.parent}:/bin:/usr/local/bin",
        PWD=str(template),
        UV_CACHE_DIR=os.environ.get("UV_CACHE_DIR", uv_cache),
        UV_PYTHON_DOWNLOADS="never",  # a test never downloads an interpreter
    )
    return env


def wait_for_health(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        assert process.poll() is None, (
            f"the quick start exited {process.returncode}:\n" + (log.read_text()[-6000:])
        )
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise AssertionError(
        "the server of the quick start did not answer in 10 min:\n" + log.read_text()
    )


def stop(process: subprocess.Popen[bytes]) -> int:
    """Ctrl-C as a terminal sends it: SIGINT to the shell, uv and the server; wait."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
    try:
        return process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise AssertionError("the quick start's server ignored Ctrl-C for 60 s") from None


def test_readme_quick_start_then_copier_update(template_versions: Path, tmp_path: Path) -> None:
    if not SYSTEM_PYTHON.is_file():
        pytest.skip(f"SKIPPED LOUDLY: no {SYSTEM_PYTHON} (a distribution's Python) here")
    commands = quick_start_commands()
    setup, render = commands[0], commands[1]
    assert render.endswith(" serve"), "the quick start no longer ends in serve: adjust the test"

    template = tmp_path / "heavy-stack"
    subprocess.run(["git", "clone", "--quiet", str(template_versions), str(template)], check=True)
    subprocess.run(["git", "-C", str(template), "checkout", "--quiet", tv.OLD], check=True)
    home = tmp_path / "home"
    home.mkdir()
    # A new user's git knows them; nothing else is configured or installed.
    (home / ".gitconfig").write_text("[user]\n\tname = New User\n\temail = new@example.org\n")
    env = user_env(home, template)

    # Port 8000 may be taken on a shared machine: the same command on a free port.
    port = free_port()
    log = tmp_path / "quick-start.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["bash", "-c", f"set -e\n{setup}\n{render} --port {port}"],
            cwd=template, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        wait_for_health(f"http://127.0.0.1:{port}", process, log)
    finally:
        code = stop(process)
    output = log.read_text()
    assert code in (0, 128 + signal.SIGINT), output[-6000:]
    assert "externally-managed-environment" not in output

    project = tmp_path / "my-app"
    pid_file = project / "var" / "postgres" / "postmaster.pid"
    for _ in range(50):  # the embedded PostgreSQL stops with the server
        if not pid_file.exists():
            break
        time.sleep(0.2)
    assert not pid_file.exists(), "Ctrl-C left the embedded PostgreSQL running"
    answers = (project / ".copier-answers.yml").read_text()
    assert f"_src_path: {template}" in answers
    assert f"_commit: {tv.OLD}" in answers
    log_lines = tv.git(project, "log", "--format=%an %s").splitlines()
    assert log_lines == ["New User Rendered from the Heavy Stack template"]
    assert tv.git(project, "status", "--porcelain") == "", "the first commit left files out"

    # The newer template version, then the update a user runs from inside the project.
    subprocess.run(["git", "-C", str(template), "checkout", "--quiet", "main"], check=True)
    tools = next(part for part in setup.split("&&") if part.strip().startswith("export PATH="))
    update = subprocess.run(
        ["bash", "-c", f"{tools.strip()}\ncopier update --trust --defaults"],
        cwd=project, env={**env, "PWD": str(project)}, capture_output=True, text=True,
        check=False, timeout=600,
    )  # fmt: skip
    assert update.returncode == 0, update.stdout + update.stderr
    assert "left conflicts" not in update.stderr, "an update of untouched files has no conflict"
    assert f"_commit: {tv.NEW}" in (project / ".copier-answers.yml").read_text()
    assert (project / "README.md").read_text().startswith("# My App, template version 2\n")
