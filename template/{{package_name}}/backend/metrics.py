"""Prometheus metrics at `/metrics`, only with METRICS_ENABLED (off by default).

Requests by route (its pattern, so the labels stay few), method and status; the time
to the response by route (a histogram); jobs by state, counted when scraped. The
metrics live in a registry of the app's own, one per process: behind `serve
--workers N` each worker answers for itself (scrape them one by one, or use
prometheus-client's multiprocess mode). The endpoint has no authentication: expose
it to the monitoring network only.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from sanic import Request, Sanic
from sanic.response import HTTPResponse, raw

METRICS_PATH = "/metrics"

JobCounts = Callable[[], Awaitable[dict[str, int]]]


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "http_requests",
            "Requests answered, by route, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "Time from the request's head to its response, by route.",
            ["route"],
            registry=self.registry,
        )
        self.jobs = Gauge("jobs", "Jobs in the queue, by state.", ["state"], registry=self.registry)

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.latency.labels(route).observe(seconds)


def install_metrics(app: Sanic[Any, Any], metrics: Metrics, job_counts: JobCounts | None) -> None:
    """The `/metrics` route; `job_counts` (None without a queue) fills the jobs gauge."""

    @app.get(METRICS_PATH, name="metrics")
    async def scrape(request: Request) -> HTTPResponse:
        if job_counts is not None:
            for state, count in (await job_counts()).items():
                metrics.jobs.labels(state).set(count)
        return raw(generate_latest(metrics.registry), content_type=CONTENT_TYPE_LATEST)
