"""Check out the custom ReactPy fork beside the project and wire it into `pyproject.toml`.

    python3 dev_scripts/reactpy_checkout.py

Reads the Copier answers `reactpy_source` (`pypi`, a git URL or a path),
`reactpy_ref` (branch, tag or commit) and `reactpy_checkout_dir` (relative to
the project, outside it: `../reactpy` by default, as in the seed's Codespaces
layout). For a fork it clones into a temporary folder beside the checkout,
checks out the ref (a branch, tag or commit of the source, or a remote branch of
a local clone), verifies that it is a ReactPy fork of a line this project runs on
(a `reactpy` package whose `__version__` is in SUPPORTED_LINES, and either its
built client, a build hook that builds it at install, or the JavaScript sources
to build it with npm), then moves it into place, points `[tool.uv.sources]
reactpy` at it (editable) and sets the `reactpy` and `reactpy-router` pins to
that line's, so `uv sync` installs the fork. For `pypi` it removes that source
line and restores the PyPI line's pins. A re-run with nothing changed changes
nothing; a new ref moves the checkout. Any failure leaves the checkout and
`pyproject.toml` as they were and prints one line. Standard library only: it
runs before the dependencies are installed (`dev_scripts/bootstrap.py setup`,
and Copier after `copier update`).
"""

from __future__ import annotations

import argparse
import json
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
# Where a fork's packaging puts the built client, inside the `reactpy` package:
# ReactPy 1.1 at the top of _static, 1.0.x under _static/app/dist.
CLIENT_BUILD_CANDIDATES = ("_static", "_static/app/dist")
# A fork whose pyproject.toml has this hook builds its own client (npm) when installed.
BUILD_HOOK_TABLE = "tool.hatch.build.hooks.build-scripts"


@dataclass(frozen=True)
class ReactPyLine:
    """A ReactPy line the project runs on, and the pins that go with it."""

    name: str
    lowest: tuple[int, int, int]
    reactpy_pin: str
    router_pin: str  # reactpy-router 2 needs ReactPy 1.1; 1.0.3 is its last for 1.0.x


SUPPORTED_LINES = {
    (1, 0): ReactPyLine("1.0", (1, 0, 2), ">=1.0.2,<1.1", ">=1.0.3,<2"),
    (1, 1): ReactPyLine("1.1", (1, 1, 0), ">=1.1,<2", ">=2.0,<3"),
}
PYPI_LINE = SUPPORTED_LINES[(1, 1)]
SUPPORTED_TEXT = "ReactPy 1.0.x (from 1.0.2) or 1.1.x"
# The commit the checkout adds on top of the ref when the fork's client must be linked
# to the fork's own workspace packages (see link_workspace_packages).
LINK_COMMIT_SUBJECT = "Heavy Stack: build the client against this fork's own workspace packages"


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


def fork_version(python_project: Path) -> str:
    init = (python_project / "reactpy" / "__init__.py").read_text()
    found = re.search(r"^__version__\s*=\s*[\"']([^\"']+)[\"']", init, flags=re.MULTILINE)
    return found.group(1) if found else "unknown"


def supported_line(version: str) -> ReactPyLine:
    """The line VERSION belongs to; refuse a ReactPy this project cannot run."""
    numbers = re.match(r"^(\d+)\.(\d+)\.(\d+)$", version)  # pre-releases are not supported
    if numbers:
        major, minor, patch = (int(part) for part in numbers.groups())
        line = SUPPORTED_LINES.get((major, minor))
        if line is not None and (major, minor, patch) >= line.lowest:
            return line
    raise CheckoutError(
        f"the fork is ReactPy {version}, this project runs on {SUPPORTED_TEXT}: "
        "use a fork of one of those lines"
    )


def has_client_assets(python_project: Path) -> bool:
    for candidate in CLIENT_BUILD_CANDIDATES:
        built = python_project / "reactpy" / candidate
        if (built / "index.html").is_file() and any(built.glob("assets/*.js")):
            return True
    return False


def has_build_hook(python_project: Path) -> bool:
    """The fork builds its client when installed (ReactPy 1.0.x: hatch-build-scripts)."""
    text = (python_project / "pyproject.toml").read_text()
    return f"[[{BUILD_HOOK_TABLE}.scripts]]" in text or f"[{BUILD_HOOK_TABLE}]" in text


def find_client_sources(checkout: Path) -> Path | None:
    for candidate in CLIENT_SOURCE_CANDIDATES:
        if (checkout / candidate / "package.json").is_file():
            return checkout / candidate
    return None


def client_build_plan(checkout: Path, python_project: Path) -> Path | None:
    """The folder to run the npm build in, or None when the fork has (or builds) its client."""
    if has_client_assets(python_project):
        return None
    sources = find_client_sources(checkout)
    if sources is None:
        wanted = " or ".join(f"{folder}/package.json" for folder in CLIENT_SOURCE_CANDIDATES)
        built = " or ".join(f"reactpy/{folder}" for folder in CLIENT_BUILD_CANDIDATES)
        raise CheckoutError(
            f"not a ReactPy fork: no built client ({built}) and no JavaScript "
            f"sources to build it ({wanted})"
        )
    if has_build_hook(python_project):
        return None  # its own build hook runs npm during `uv sync`: no second build
    return sources


def require_npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        raise CheckoutError(
            "the fork has no built client and npm is not installed: install Node.js, then run again"
        )
    return npm


def unlinked_workspace_packages(sources: Path) -> dict[str, tuple[str, str]]:
    """Workspace packages the lock resolves from the registry instead of linking them.

    {path of the dependent workspace: (package name, workspace version)}. ReactPy 1.0.2's
    client app asks for `@reactpy/client ^0.2.0` while the workspace holds 0.3.1, so npm
    installs 0.2.1 from the registry: a client that knows nothing of the fork's protocol.
    """
    lock_path = sources / "package-lock.json"
    if not lock_path.is_file():
        return {}
    packages = json.loads(lock_path.read_text()).get("packages", {})
    workspaces: dict[str, str] = {}  # name -> version of the workspace package
    for key, entry in packages.items():
        if key.startswith("node_modules/") and entry.get("link"):
            package_json = sources / entry.get("resolved", "") / "package.json"
            if package_json.is_file():
                workspaces[key.removeprefix("node_modules/")] = json.loads(
                    package_json.read_text()
                ).get("version", "")
    found: dict[str, tuple[str, str]] = {}
    for key, entry in packages.items():
        dependent, sep, name = key.partition("/node_modules/")
        from_registry = sep and name in workspaces and not entry.get("link") and "resolved" in entry
        if from_registry and (sources / dependent / "package.json").is_file() and workspaces[name]:
            found[dependent] = (name, workspaces[name])
    return found


def link_workspace_packages(checkout: Path, sources: Path) -> None:
    """Point dependents at the workspace's own version, relock, commit in the checkout.

    The commit (on top of the ref, in the checkout only) keeps the checkout clean, so the
    fork's build hook (`npm ci`) and a re-run of this script both see a consistent tree.
    """
    unlinked = unlinked_workspace_packages(sources)
    if not unlinked:
        return
    npm = require_npm()
    for dependent, (name, version) in unlinked.items():
        package_json = sources / dependent / "package.json"
        manifest = json.loads(package_json.read_text())
        for table in ("dependencies", "devDependencies", "peerDependencies"):
            if name in manifest.get(table, {}):
                manifest[table][name] = f"^{version}"
        package_json.write_text(json.dumps(manifest, indent=2) + "\n")
        say(f"client: {dependent} now uses the fork's own {name} {version}")
    command = [npm, "install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"]
    result = subprocess.run(command, cwd=sources, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise CheckoutError(f"npm install --package-lock-only failed: {first_line(result.stderr)}")
    git("add", "-A", "--", str(sources.relative_to(checkout)), cwd=checkout)
    author = ("-c", "user.name=Heavy Stack", "-c", "user.email=heavy-stack@localhost")
    commit = ("commit", "--quiet", "--no-verify", "-m", LINK_COMMIT_SUBJECT)
    result = git(*author, *commit, cwd=checkout)
    if result.returncode != 0:
        raise CheckoutError(f"cannot commit the client link: {first_line(result.stderr)}")


def build_client(sources: Path, python_project: Path) -> None:
    npm = require_npm()
    for command in (["ci"], ["run", "build"]):
        say(f"building the client: npm {' '.join(command)} in {sources}")
        result = subprocess.run([npm, *command], cwd=sources, capture_output=True, text=True)  # noqa: S603
        if result.returncode != 0:
            raise CheckoutError(f"npm {' '.join(command)} failed: {first_line(result.stderr)}")
    if not has_client_assets(python_project):
        built = " or ".join(f"reactpy/{folder}/index.html" for folder in CLIENT_BUILD_CANDIDATES)
        raise CheckoutError(f"the npm build did not produce {built}")


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


def with_line_pins(text: str, line: ReactPyLine) -> str:
    """pyproject text whose `reactpy[...]` and `reactpy-router` requirements admit LINE."""
    for name, pin in (("reactpy", line.reactpy_pin), ("reactpy-router", line.router_pin)):
        pattern = rf'^(\s*"{re.escape(name)}(?:\[[\w,]+\])?)\s*[<>=!~][^";]*"'
        text = re.sub(pattern, rf'\g<1>{pin}"', text, flags=re.MULTILINE)
    return text


def write_pyproject(project: Path, path: str | None, line: ReactPyLine = PYPI_LINE) -> bool:
    """Rewrite the reactpy source and pins; True when the file changed."""
    pyproject = project / "pyproject.toml"
    old = pyproject.read_text()
    new = with_line_pins(with_reactpy_source(old, path), line)
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


# A local clone's own remote branches (`origin/<name>` there), fetched under this prefix:
# a ref the source has only as a remote branch is found too.
SOURCE_REMOTES = "refs/remotes/source-remotes"
FETCH_SOURCE_REMOTES = f"+refs/remotes/*:{SOURCE_REMOTES}/*"


def resolve_ref(checkout: Path, ref: str) -> str:
    listed = git("for-each-ref", "--format=%(refname)", f"{SOURCE_REMOTES}/*/{ref}", cwd=checkout)
    for candidate in (f"origin/{ref}", ref, *listed.stdout.split()):
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


def fetch(checkout: Path) -> bool:
    refspecs = ("+refs/heads/*:refs/remotes/origin/*", FETCH_SOURCE_REMOTES)
    result = git("fetch", "--quiet", "--tags", "origin", *refspecs, cwd=checkout)
    return result.returncode == 0


def is_at(checkout: Path, head: str, commit: str) -> bool:
    """HEAD is COMMIT, or our client-link commit right on top of it."""
    if head == commit:
        return True
    parent = git("rev-parse", "--verify", "--quiet", f"{head}^", cwd=checkout).stdout.strip()
    subject = git("log", "-1", "--format=%s", head, cwd=checkout).stdout.strip()
    return parent == commit and subject == LINK_COMMIT_SUBJECT


def already_at_ref(checkout: Path, ref: str, head: str) -> bool:
    """Fetch (refs only, the working tree is untouched) and compare: the cheap re-run."""
    if not fetch(checkout):
        return False  # the fresh clone below reports why
    try:
        return is_at(checkout, head, resolve_ref(checkout, ref))
    except CheckoutError:
        return False


def clone(source: str, ref: str, into: Path) -> str:
    result = git("clone", "--quiet", "--no-checkout", source, str(into))
    if result.returncode != 0:
        raise CheckoutError(f"cannot clone {source}: {first_line(result.stderr)}")
    fetch(into)
    commit = resolve_ref(into, ref)
    result = git("checkout", "--quiet", "--detach", commit, cwd=into)
    if result.returncode != 0:
        raise CheckoutError(f"cannot check out {ref}: {first_line(result.stderr)}")
    return commit


def prepare_client(checkout: Path, python_project: Path) -> None:
    """Make sure the fork will serve a client built from its own sources."""
    client_build_plan(checkout, python_project)  # refuses a fork without a way to a client
    if has_client_assets(python_project):
        return
    sources = find_client_sources(checkout)
    assert sources is not None  # client_build_plan refused a fork without them
    link_workspace_packages(checkout, sources)
    if has_build_hook(python_project):
        require_npm()
        say("the fork's own build hook builds its client (npm) during `uv sync`")
        return
    build_client(sources, python_project)


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
        line = supported_line(fork_version(python_project))
        client_build_plan(checkout, python_project)  # still a usable fork?
        say(f"{checkout} is already at {settings.ref} ({have[:12]})")
        if write_pyproject(project, relative_source_path(project, python_project), line):
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
        version = fork_version(python_project_in_staging)
        line = supported_line(version)
        prepare_client(fresh, python_project_in_staging)
        if have is not None:
            checkout.rename(backup)
            backed_up = True
        fresh.rename(checkout)
        moved = True
        python_project = find_python_project(checkout)
        say(f"checked out {settings.ref} ({want[:12]}, ReactPy {version}) of {settings.source} "
            f"into {checkout}")  # fmt: skip
        if write_pyproject(project, relative_source_path(project, python_project), line):
            say(f"pyproject.toml: [tool.uv.sources] reactpy now points at the fork "
                f"(ReactPy {line.name} pins)")  # fmt: skip
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
