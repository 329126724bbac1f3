"""The seed's ReactPy fork at `connection-resume` (PR 1204): the tests of seed_fork.py.

Only with `--full-matrix`: it is the same ReactPy line as `main` (which the default run
renders end to end) and costs another render and suite, minutes on two busy cores.
"""

import pytest

from .seed_fork import *  # noqa: F403 (its tests and fixtures, collected here for this ref)

pytestmark = [pytest.mark.slow, pytest.mark.seed_fork]


@pytest.fixture(scope="module")
def ref(request: pytest.FixtureRequest) -> str:
    if not request.config.getoption("full_matrix"):
        pytest.skip(
            "SKIPPED LOUDLY: the seed fork at connection-resume runs with --full-matrix "
            "(the default run renders the fork at main, the same ReactPy 1.0.2 line)"
        )
    return "connection-resume"
