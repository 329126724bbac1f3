"""The seed's own ReactPy fork, end to end: the real repository, not a stand-in.

The tests of one ref, collected by test_reactpy_seed_fork_main.py and
test_reactpy_seed_fork_resume.py, each defining the `ref` fixture: one module per ref,
so that each ref is rendered once (module-scoped `seed_project`, shared by that ref's
tests) and xdist runs the refs on two workers. Marked `seed_fork` (`-m seed_fork` runs
only these, `-m "not seed_fork"` leaves them out). `main`, the ref the seed runs on, is
in the default run; `connection-resume` (the same ReactPy 1.0.2 line, the branch of
reactive-python/reactpy pull request 1204) needs `--full-matrix` and skips loudly
without it.

`../shared/forks/reactpy-seed-fork.bundle` holds the fork the Heavy Stack seed runs on
(ReactPy 1.0.2 plus the connection-resume work; ReactPy 1.0.x layout: `src/py/reactpy`,
its client built by a hatch build hook running npm). It is cloned once per ref; the
clone has `main` as a branch and `connection-resume` only as
`origin/connection-resume`, as a developer's clone would. A real `copier copy --trust`
points `reactpy_source` at the clone (the bootstrap checks it out, links its client to
its own `@reactpy/client`, pins the 1.0 line, `uv sync` builds it), then the project's
own suite runs on it: its browser tests sign up and add a note in Chromium, its
websocket page tests speak the fork's handshake, and a server restart keeps what was
typed. Deselected there, as they do not depend on the ReactPy line and run on PyPI
ReactPy in the combination tests: the load tests and run-profile tests (minutes of
Locust and of dev-loop commands, timing-sensitive under load), the CLI and database
lifecycle tests (two and a half minutes of `pave-db`, `migrate`, key rotation and
signals).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from .helpers import REPO, project_env, render_with_reactpy_fork, run, run_reactpy_checkout

# What each ref's module collects; the refusal test does not depend on the ref, so
# only test_reactpy_seed_fork_main.py imports it.
__all__ = [
    "seed_clone",
    "seed_project",
    "test_the_bootstrap_wires_the_fork_and_its_own_client",
    "test_the_projects_suite_passes_on_the_fork",
]
# Tests of the rendered project that do not depend on the ReactPy line (see above).
LINE_INDEPENDENT_TESTS = (
    "tests/external/test_load_testing.py",
    "tests/external/test_run_profiles.py",
    "tests/external/test_cli.py",
    "tests/external/test_lifecycle.py",
)
# ...and those that must pass on the fork, never skipped there.
MUST_PASS_ON_THE_FORK = {
    "tests/external/test_notes_in_the_browser.py",  # signs up, adds, edits a note in Chromium
    "tests/external/test_pages_websocket.py",  # the fork's handshake, reactpy-router 1.0
    "tests/external/test_connection_resume.py",  # a restart keeps the text typed
}


BUNDLE = REPO.parent / "shared" / "forks" / "reactpy-seed-fork.bundle"
CHECKOUT_DIR = "../reactpy-seed"
LINK_COMMIT = "Heavy Stack: build the client against this fork's own workspace packages"


def git(cwd: Path, *args: str) -> str:
    return run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd).stdout


@pytest.fixture(scope="module")
def seed_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not BUNDLE.is_file():
        pytest.skip(
            f"SKIPPED LOUDLY: {BUNDLE} is missing (it comes with ../shared beside the repo)"
        )
    if shutil.which("npm") is None:
        pytest.skip("SKIPPED LOUDLY: npm is not installed: the fork's client cannot be built")
    clone = tmp_path_factory.mktemp("seed-fork") / "reactpy"
    run(["git", "clone", "--quiet", str(BUNDLE), str(clone)], clone.parent)
    return clone


@pytest.fixture(scope="module")
def seed_project(ref: str, seed_clone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Rendered on the fork at REF, Copier's post-copy task included."""
    destination = tmp_path_factory.mktemp(f"seed-{ref}") / "app"
    return render_with_reactpy_fork(destination, seed_clone, ref, CHECKOUT_DIR)


def json_of(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def test_the_bootstrap_wires_the_fork_and_its_own_client(
    seed_project: Path, seed_clone: Path, ref: str
):
    checkout = (seed_project / CHECKOUT_DIR).resolve()
    # The ref itself, plus the one commit that links the client to the fork's own package.
    assert git(checkout, "log", "-1", "--format=%s").strip() == LINK_COMMIT
    wanted = git(seed_clone, "rev-parse", f"origin/{ref}").strip()
    assert git(checkout, "rev-parse", "HEAD^").strip() == wanted
    assert not git(checkout, "status", "--porcelain").strip()
    app = json_of(checkout / "src/js/app/package.json")
    workspace_client = json_of(checkout / "src/js/packages/@reactpy/client/package.json")
    assert app["dependencies"]["@reactpy/client"] == f"^{workspace_client['version']}"

    pyproject = tomllib.loads((seed_project / "pyproject.toml").read_text())
    assert pyproject["tool"]["uv"]["sources"]["reactpy"] == {
        "path": f"{CHECKOUT_DIR}/src/py/reactpy",
        "editable": True,
    }
    assert "reactpy[sanic]>=1.0.2,<1.1" in pyproject["project"]["dependencies"]
    assert "reactpy-router>=1.0.3,<2" in pyproject["project"]["dependencies"]
    python = str(seed_project / ".venv/bin/python")
    shown = run([python, "-c", "import reactpy; print(reactpy.__version__, reactpy.__file__)"],
                seed_project).stdout.split()  # fmt: skip
    assert shown[0] == "1.0.2"
    assert Path(shown[1]).resolve() == checkout / "src/py/reactpy/reactpy/__init__.py"
    # Built by the fork's own hook during `uv sync`, where ReactPy 1.0.x serves it from,
    # against the workspace client: the one that answers the server's handshake.
    built = checkout / "src/py/reactpy/reactpy/_static/app/dist"
    (script,) = built.glob("assets/*.js")
    assert "reconnecting-check" in script.read_text()

    before = (seed_project / "pyproject.toml").read_text(), git(checkout, "rev-parse", "HEAD")
    again = run_reactpy_checkout(seed_project)
    assert again.returncode == 0, again.stderr
    assert f"already at {ref}" in again.stdout
    assert ((seed_project / "pyproject.toml").read_text(), git(checkout, "rev-parse", "HEAD")) == (
        before
    )


def test_the_projects_suite_passes_on_the_fork(seed_project: Path, request: pytest.FixtureRequest):
    """Unit, integrated and external tests, browser ones included (never skipped here). In
    CI (its time) the external ones are those the fork changes: its pages, in a browser and
    over its websocket; --full-matrix runs them all."""
    if not Path("/usr/bin/chromium").is_file() and "BROWSER_EXECUTABLE" not in os.environ:
        pytest.skip("SKIPPED LOUDLY: no Chromium (/usr/bin/chromium or BROWSER_EXECUTABLE)")
    env = project_env() | {"BROWSER_REQUIRED": "1"}
    deselected = [arg for path in LINE_INDEPENDENT_TESTS for arg in ("--deselect", path)]
    external = (
        ["tests/external"]
        if request.config.getoption("full_matrix")
        else sorted(MUST_PASS_ON_THE_FORK | {"tests/external/test_every_page.py"})
    )
    result = subprocess.run(
        [sys.executable, "-m", "uv", "run", "--frozen", "pytest", "-q", "-rA", "-p",
         "no:cacheprovider", "tests/unit", "tests/integrated", *external, *deselected],
        cwd=seed_project, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    output = result.stdout[-20000:]
    assert result.returncode == 0, output + result.stderr[-4000:]
    passed = set(re.findall(r"^PASSED (\S+)::", result.stdout, flags=re.M))
    assert passed >= MUST_PASS_ON_THE_FORK, (MUST_PASS_ON_THE_FORK - passed, output)
    assert not re.search(r"^SKIPPED ", result.stdout, flags=re.M), output


def test_a_fork_of_an_unsupported_version_is_refused_in_one_line(
    seed_project: Path, seed_clone: Path, ref: str, tmp_path: Path
):
    fork2 = tmp_path / "reactpy-2"
    run(["git", "clone", "--quiet", str(seed_clone), str(fork2)], tmp_path)
    git(fork2, "checkout", "--quiet", "-B", ref)  # the answers name REF: a branch there
    init = fork2 / "src/py/reactpy/reactpy/__init__.py"
    init.write_text(re.sub(r'__version__ = "[^"]+"', '__version__ = "2.0.0b13"', init.read_text()))
    git(fork2, "commit", "--quiet", "-am", "ReactPy 2 beta")
    answers = seed_project / ".copier-answers.yml"
    answers_before = answers.read_text()
    checkout = (seed_project / CHECKOUT_DIR).resolve()
    before = (seed_project / "pyproject.toml").read_text(), git(checkout, "rev-parse", "HEAD")
    answers.write_text(
        re.sub(
            r"^reactpy_source:.*$", f"reactpy_source: {fork2}", answers_before, flags=re.M
        ).replace(f"reactpy_checkout_dir: {CHECKOUT_DIR}", "reactpy_checkout_dir: ../reactpy-2-co")
    )
    try:
        result = run_reactpy_checkout(seed_project)
    finally:
        answers.write_text(answers_before)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "the fork is ReactPy 2.0.0b13, this project runs on ReactPy 1.0.x" in lines[0]
    assert "nothing was changed" in lines[0]
    assert ((seed_project / "pyproject.toml").read_text(), git(checkout, "rev-parse", "HEAD")) == (
        before
    )
    assert not (seed_project / "../reactpy-2-co").exists()
    assert not list(seed_project.parent.glob(".reactpy-checkout-*"))
