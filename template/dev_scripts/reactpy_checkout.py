"""Check out the custom ReactPy fork beside the project and wire it into `pyproject.toml`.

    python3 dev_scripts/reactpy_checkout.py

Reads the Copier answers `reactpy_source` (`pypi`, a git URL or a path),
`reactpy_ref` (branch, tag or commit) and `reactpy_checkout_dir` (relative to
the project, outside it: `../reactpy` by default, as in the seed's Codespaces
layout). For a fork it clones into a temporary folder beside the checkout,
checks out the ref, verifies that it is a ReactPy fork (a `reactpy` package with
a `__version__`, and either its built client under `reactpy/_static` or the
JavaScript sources to build it with npm), then moves it into place and points
`[tool.uv.sources] reactpy` at it (editable), so `uv sync` installs the fork.
For `pypi` it removes that source line. A re-run with nothing changed changes
nothing; a new ref moves the checkout. Any failure leaves the checkout and
`pyproject.toml` as they were and prints one line. Standard library only: it
runs before the dependencies are installed (`dev_scripts/bootstrap.py setup`,
and Copier after `copier update`).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SOURCE_LINE = re.compile(r"^reactpy\s*=.*$\n?", flags=re.MULTILINE)
SOURCES_HEADER = "[tool.uv.sources]"
# Where the Python project sits inside a fork: ReactPy 1.x keeps it under src/py/reactpy,
# later versions at the top of the repository.
PYTHON_PROJECT_CANDIDATES = ("src/py/reactpy", ".")
# Where the client's JavaScript sources sit (npm workspace that builds reactpy/_static).
CLIENT_SOURCE_CANDIDATES = ("src/js", "js")


class CheckoutError(Exception):
    """A user-fixable problem; the message says what is wrong and what to do."""


@dataclass(frozen=True)
class ForkSettings:
    source: str
    ref: str
    checkout_dir: str

    @property
    def is_pypi(self) -> bool:
        return self.source == "pypi"


def say(message: str) -> None:
    print(f"[reactpy] {message}", flush=True)


def read_answers(project: Path) -> dict[str, str]:
    """The answers Copier recorded (plain `key: value` lines; no YAML parser needed)."""
    answers: dict[str, str] = {}
    path = project / ".copier-answers.yml"
    if path.exists():
        for line in path.read_text().splitlines():
            key, sep, value = line.partition(":")
            if sep and not line.startswith((" ", "#")):
                answers[key.strip()] = value.strip().strip("'\"")
    return answers


def fork_settings(project: Path) -> ForkSettings:
    answers = read_answers(project)
    return ForkSettings(
        source=answers.get("reactpy_source") or "pypi",
        ref=answers.get("reactpy_ref") or "main",
        checkout_dir=answers.get("reactpy_checkout_dir") or "../reactpy",
    )


def git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)  # noqa: S603, S607


def first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no output"


def clone_source(source: str, project: Path) -> str:
    """A relative local path is relative to the project; URLs are passed through."""
    if re.match(r"^(https?|ssh|git|file)://|^[\w.-]+@[\w.-]+:", source):
        return source
    return str((project / Path(source).expanduser()).resolve())


# --- what a ReactPy fork looks like -------------------------------------------------


def find_python_project(checkout: Path) -> Path:
    for candidate in PYTHON_PROJECT_CANDIDATES:
        folder = (checkout / candidate).resolve()
        init = folder / "reactpy" / "__init__.py"
        if (folder / "pyproject.toml").is_file() and init.is_file():
            if not re.search(r"^__version__\s*=", init.read_text(), flags=re.MULTILINE):
                raise CheckoutError(f"{init} has no __version__: this is not a ReactPy fork")
            return folder
    places = ", ".join(f"{c}/reactpy/__init__.py" for c in PYTHON_PROJECT_CANDIDATES)
    raise CheckoutError(f"not a ReactPy fork: no pyproject.toml beside {places}")


def has_client_assets(python_project: Path) -> bool:
    static = python_project / "reactpy" / "_static"
    return (static / "index.html").is_file() and any(static.glob("assets/*.js"))


def find_client_sources(checkout: Path) -> Path | None:
    for candidate in CLIENT_SOURCE_CANDIDATES:
        if (checkout / candidate / "package.json").is_file():
            return checkout / candidate
    return None


def client_build_plan(checkout: Path, python_project: Path) -> Path | None:
    """The folder to run the npm build in, or None when the fork already has its client."""
    if has_client_assets(python_project):
        return None
    sources = find_client_sources(checkout)
    if sources is None:
        wanted = " or ".join(f"{folder}/package.json" for folder in CLIENT_SOURCE_CANDIDATES)
        raise CheckoutError(
            "not a ReactPy fork: no built client (reactpy/_static) and no JavaScript "
            f"sources to build it ({wanted})"
        )
    return sources


def build_client(sources: Path, python_project: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise CheckoutError(
            "the fork has no built client and npm is not installed: install Node.js, then run again"
        )
    for command in (["ci"], ["run", "build"]):
        say(f"building the client: npm {' '.join(command)} in {sources}")
        result = subprocess.run([npm, *command], cwd=sources, capture_output=True, text=True)  # noqa: S603
        if result.returncode != 0:
            raise CheckoutError(f"npm {' '.join(command)} failed: {first_line(result.stderr)}")
    if not has_client_assets(python_project):
        raise CheckoutError("the npm build did not produce reactpy/_static/index.html")


# --- pyproject.toml ----------------------------------------------------------------


def with_reactpy_source(text: str, path: str | None) -> str:
    """pyproject text with `[tool.uv.sources] reactpy` set to PATH (editable), or removed."""
    header = re.search(r"^\[tool\.uv\.sources\]\s*$", text, flags=re.MULTILINE)
    if header is None:
        if path is None:
            return text
        return text.rstrip("\n") + f"\n\n{SOURCES_HEADER}\n{source_line(path)}"
    body_start = header.end() + 1
    next_table = re.search(r"^\[", text[body_start:], flags=re.MULTILINE)
    body_end = body_start + next_table.start() if next_table else len(text)
    body = SOURCE_LINE.sub("", text[body_start:body_end])
    if path is not None:
        body = source_line(path) + body
    if not body.strip():  # the table held only our line: drop it
        return text[: header.start()].rstrip("\n") + "\n" + text[body_end:].lstrip("\n")
    return text[:body_start] + body + text[body_end:]


def source_line(path: str) -> str:
    return f'reactpy = {{ path = "{path}", editable = true }}\n'


def write_pyproject(project: Path, path: str | None) -> bool:
    """Rewrite the reactpy source; True when the file changed."""
    pyproject = project / "pyproject.toml"
    old = pyproject.read_text()
    new = with_reactpy_source(old, path)
    if new == old:
        return False
    try:
        import tomllib  # Python 3.11+; older bootstrap interpreters skip the check
    except ModuleNotFoundError:
        pass
    else:
        tomllib.loads(new)  # never write a file uv cannot read
    pyproject.write_text(new)
    return True


# --- the checkout -------------------------------------------------------------------


def resolve_ref(checkout: Path, ref: str) -> str:
    for candidate in (f"origin/{ref}", ref):
        result = git("rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}", cwd=checkout)
        if result.returncode == 0:
            return result.stdout.strip()
    raise CheckoutError(
        f"ref {ref!r} not found in the fork: set reactpy_ref to a branch, tag or commit it has"
    )


def current_commit(checkout: Path, source: str) -> str | None:
    """HEAD of an existing checkout of SOURCE, None when there is none; refuse anything else."""
    if not checkout.exists():
        return None
    origin = git("remote", "get-url", "origin", cwd=checkout)
    if not (checkout / ".git").exists() or origin.stdout.strip() != source:
        raise CheckoutError(
            f"{checkout} exists and is not a checkout of {source}: move it away or "
            "change reactpy_checkout_dir"
        )
    if git("status", "--porcelain", cwd=checkout).stdout.strip():
        raise CheckoutError(
            f"{checkout} has uncommitted changes: commit or discard them, then run again"
        )
    return git("rev-parse", "HEAD", cwd=checkout).stdout.strip()


def already_at_ref(checkout: Path, ref: str, head: str) -> bool:
    """Fetch (refs only, the working tree is untouched) and compare: the cheap re-run."""
    if git("fetch", "--quiet", "--tags", "origin", cwd=checkout).returncode != 0:
        return False  # the fresh clone below reports why
    try:
        return resolve_ref(checkout, ref) == head
    except CheckoutError:
        return False


def clone(source: str, ref: str, into: Path) -> str:
    result = git("clone", "--quiet", "--no-checkout", source, str(into))
    if result.returncode != 0:
        raise CheckoutError(f"cannot clone {source}: {first_line(result.stderr)}")
    git("fetch", "--quiet", "--tags", cwd=into)
    commit = resolve_ref(into, ref)
    result = git("checkout", "--quiet", "--detach", commit, cwd=into)
    if result.returncode != 0:
        raise CheckoutError(f"cannot check out {ref}: {first_line(result.stderr)}")
    return commit


def relative_source_path(project: Path, python_project: Path) -> str:
    return Path(os.path.relpath(python_project, project)).as_posix()


def wire_fork(project: Path, settings: ForkSettings) -> None:
    source = clone_source(settings.source, project)
    checkout = (project / settings.checkout_dir).resolve()
    if checkout == project or project in checkout.parents:
        raise CheckoutError(
            f"reactpy_checkout_dir {settings.checkout_dir!r} is inside the project: use a "
            "folder beside it (e.g. ../reactpy)"
        )
    have = current_commit(checkout, source)
    if have is not None and already_at_ref(checkout, settings.ref, have):
        python_project = find_python_project(checkout)
        client_build_plan(checkout, python_project)  # still a usable fork?
        say(f"{checkout} is already at {settings.ref} ({have[:12]})")
        if write_pyproject(project, relative_source_path(project, python_project)):
            say("pyproject.toml: [tool.uv.sources] reactpy now points at the fork")
        return
    backup = checkout.with_name(checkout.name + ".previous")
    if backup.exists():
        raise CheckoutError(
            f"{backup} is left from an interrupted run: move it back to {checkout.name} or "
            "remove it, then run again"
        )
    checkout.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".reactpy-checkout-", dir=checkout.parent))
    pyproject = project / "pyproject.toml"
    original_pyproject = pyproject.read_text()
    backed_up = moved = False
    try:
        fresh = staging / "fork"
        want = clone(source, settings.ref, fresh)
        python_project_in_staging = find_python_project(fresh)
        sources = client_build_plan(fresh, python_project_in_staging)
        if sources is not None:
            build_client(sources, python_project_in_staging)
        if have is not None:
            checkout.rename(backup)
            backed_up = True
        fresh.rename(checkout)
        moved = True
        python_project = find_python_project(checkout)
        say(f"checked out {settings.ref} ({want[:12]}) of {settings.source} into {checkout}")
        if write_pyproject(project, relative_source_path(project, python_project)):
            say("pyproject.toml: [tool.uv.sources] reactpy now points at the fork")
    except BaseException:
        pyproject.write_text(original_pyproject)
        if moved:
            shutil.rmtree(checkout, ignore_errors=True)
        if backed_up:
            backup.rename(checkout)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(backup, ignore_errors=True)


def wire_pypi(project: Path) -> None:
    if write_pyproject(project, None):
        say("pyproject.toml: ReactPy comes from PyPI again (the fork's source line is removed)")
    else:
        say("ReactPy comes from PyPI: no custom checkout")


def run(project: Path = PROJECT) -> None:
    """Raise CheckoutError (with what to do) on any user-fixable problem."""
    if shutil.which("git") is None:
        raise CheckoutError("git is not installed: install it, then run again")
    settings = fork_settings(project)
    try:
        if settings.is_pypi:
            wire_pypi(project)
        else:
            wire_fork(project, settings)
    except OSError as exc:  # a full disk, a read-only folder: the file system's own words
        raise CheckoutError(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=PROJECT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        run(args.project.resolve())
    except CheckoutError as exc:
        print(f"[reactpy] error: {exc} (nothing was changed)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
