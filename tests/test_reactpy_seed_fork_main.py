"""The seed's ReactPy fork at `main` (1.0.2 plus its changes): the tests of seed_fork.py.

In the default run: `main` is the ref the seed runs on.
"""

import pytest

from .seed_fork import *  # noqa: F403 (its tests and fixtures, collected here for this ref)
from .seed_fork import test_a_fork_of_an_unsupported_version_is_refused_in_one_line  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.seed_fork]


@pytest.fixture(scope="module")
def ref() -> str:
    return "main"
