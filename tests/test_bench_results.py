"""The bench's ratios: the rounds it pairs, the median it reports, the verdict it prints."""

import sys
from pathlib import Path

import pytest

# The bench runs as `uv run dev_scripts/bench`: its package is `bench`, in dev_scripts/.
sys.path.insert(0, str(Path(__file__).parents[1] / "dev_scripts"))

from bench.common import HEALTHZ, NOTES
from bench.peers import compute_ratios
from bench.report import print_table
from bench.results import Measurement, Results


def _results(*measurements: Measurement) -> Results:
    settings = {"project": "p", "seconds": 8, "warmup": 2, "rows": 500, "slug": "my-app"}
    results = Results(started_at="now", command=[], settings=settings)
    results.machine = {"cpus": 2, "python": "3.11"}
    results.measurements.extend(measurements)
    return results


def test_a_ratio_pairs_each_round_with_the_peers_same_round() -> None:
    results = _results(
        Measurement(1, "ours", HEALTHZ, req_per_s=900, p99_ms=1),
        Measurement(1, "sanic_bare", "/healthz", req_per_s=1000, p99_ms=1),
        Measurement(2, "ours", HEALTHZ, req_per_s=400, p99_ms=1),
        Measurement(2, "sanic_bare", "/healthz", req_per_s=500, p99_ms=1),
        Measurement(3, "ours", HEALTHZ, req_per_s=700, p99_ms=1),  # no peer in round 3
    )
    compute_ratios(results)
    (ratio,) = results.ratios
    assert ratio["per_round"] == pytest.approx([0.9, 0.8])
    assert ratio["median"] == pytest.approx(0.85)
    assert ratio["target"] == 0.90


def test_one_endpoint_has_a_ratio_to_each_peer() -> None:
    results = _results(
        *(Measurement(r, "ours", NOTES, req_per_s=1000, p99_ms=1) for r in (1, 2)),
        *(Measurement(r, "sanic_sqlmodel", "/items", req_per_s=500, p99_ms=1) for r in (1, 2)),
        *(Measurement(r, "sanic_asyncpg", "/items", req_per_s=2000, p99_ms=1) for r in (1, 2)),
    )
    compute_ratios(results)
    medians = {r["peer"]: r["median"] for r in results.ratios}
    assert medians == {"sanic_sqlmodel": 2.0, "sanic_asyncpg": 0.5}
    assert all(len(r["per_round"]) == 2 for r in results.ratios)


def test_rounds_added_one_at_a_time_keep_one_entry_and_its_median() -> None:
    results = _results()
    for value in (1.2, 0.6, 0.9):
        results.add_ratio("signed-in", "ours", "anonymous", value, target=0.90)
    (ratio,) = results.ratios
    assert ratio["per_round"] == [1.2, 0.6, 0.9]
    assert ratio["median"] == 0.9


def test_the_table_says_which_ratio_is_below_its_target(
    capsys: pytest.CaptureFixture[str],
) -> None:
    results = _results(Measurement(1, "ours", HEALTHZ, req_per_s=800, p99_ms=1))
    results.add_ratio("below", "peer", "/x", 0.5, target=0.9)
    results.add_ratio("met", "peer", "/x", 1.1, target=0.9)
    results.add_ratio("shown", "peer", "/x", 2.0)
    print_table(results)
    lines = {line.split(" ÷ ")[0]: line for line in capsys.readouterr().out.splitlines()}
    assert lines["below"].rstrip().endswith("BELOW")
    assert lines["met"].rstrip().endswith("ok")
    assert "info" in lines["shown"]
