"""The figures a run collects (written as JSON with --json)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Measurement:
    round: int
    target: str  # "ours" or a peer name
    endpoint: str
    req_per_s: float
    p99_ms: float
    clean: bool = True  # no non-2xx responses nor socket errors
    server_cpu_us: float | None = None  # CPU time per request of the server process
    db_cpu_us: float | None = None  # and of the embedded PostgreSQL (ours only)
    # CPU used by everything else on the machine meanwhile, % of all CPUs: other
    # jobs competing with the measurement (ours only; high means noisy figures)
    busy_elsewhere_pct: float | None = None


@dataclass
class Results:
    started_at: str
    command: list[str]
    settings: dict[str, object]
    timings_s: dict[str, float | None] = field(default_factory=dict)  # None: failed
    notes: dict[str, str] = field(default_factory=dict)
    measurements: list[Measurement] = field(default_factory=list)
    ratios: list[dict[str, Any]] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)
    machine: dict[str, object] = field(default_factory=dict)
    leftovers: list[int] = field(default_factory=list)
    load: list[dict[str, Any]] = field(default_factory=list)  # replay at N users
    pages: dict[str, Any] = field(default_factory=dict)  # memory of idle open pages
    jobs: list[dict[str, Any]] = field(default_factory=list)  # the queue at N workers

    def add_ratio(
        self,
        ours: str,
        peer: str,
        peer_endpoint: str,
        value: float,
        target: float | None = None,
    ) -> None:
        """One more round of OURS ÷ PEER's PEER_ENDPOINT (a new entry on its first): the
        report shows the median of its rounds."""
        key = (ours, peer, peer_endpoint)
        entry = next(
            (r for r in self.ratios if (r["ours"], r["peer"], r["peer_endpoint"]) == key), None
        )
        if entry is None:
            entry = {
                "ours": ours,
                "peer": peer,
                "peer_endpoint": peer_endpoint,
                "target": target,
                "per_round": [],
            }
            self.ratios.append(entry)
        entry["per_round"].append(value)
        entry["median"] = statistics.median(entry["per_round"])
