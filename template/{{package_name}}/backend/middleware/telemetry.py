"""Each request's id and duration.

- `X-Request-ID`: a well-formed incoming id is kept (a proxy or the caller chose it),
  otherwise a new one is made; it is `request.id` (the error handler quotes it in 500
  answers), the response's `X-Request-ID`, and on every log line of the request
  (`logging_setup.RequestIdFilter`, through Sanic's current request).
- The time from the request's head to its response goes out in `Server-Timing`
  (`app;dur=<ms>`), with `ACCESS_LOG` in one log line per request, and with
  `METRICS_ENABLED` into the Prometheus metrics (backend/metrics.py).
- Probes (backend/routes/health.py) answer without either header: nothing reads them
  there, and each header costs a probe ~4 % of its time. With metrics, tracing or the
  access log on they are still timed, counted, traced and logged; with none of them,
  they are answered past this class (`watches_probes`, probes.py).

Done in the app's request class, as the security headers are (see headers.py): a
middleware would cost every request two signal dispatches.
"""

import logging
import os
import re
from collections.abc import Callable
from time import perf_counter
from typing import Any

from opentelemetry import context, propagate, trace
from opentelemetry.trace import Span, SpanKind, StatusCode, TracerProvider
from sanic import Request, Sanic
from sanic.compat import Header
from sanic.response import BaseHTTPResponse

from .probes import is_probe

REQUEST_ID_HEADER = "X-Request-ID"
# What a log line and a header carry safely: no spaces, quotes, commas or control characters.
WELL_FORMED_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

access_log = logging.getLogger(__name__)


def request_id_from(incoming: str | None) -> str:
    if incoming is not None and WELL_FORMED_ID.fullmatch(incoming):
        return incoming
    # 128 random bits as 32 hex digits, a UUID's size: a fifth of uuid4().hex's time.
    return os.urandom(16).hex()


# What a request's metrics are given (backend/metrics.py): route, method, status, seconds.
Observe = Callable[[str, str, int, float], None]
UNMATCHED = "(unmatched)"  # the route of a request no route took (a 404)


def install_request_telemetry(
    app: Sanic[Any, Any],
    *,
    log_requests: bool,
    observe: Observe | None = None,
    tracer_provider: TracerProvider | None = None,
    sanic_times_requests: bool = False,
) -> None:
    """Wraps the app's request class (call it after `install_security_headers`);
    `observe`, with METRICS_ENABLED, counts each response; `tracer_provider`, with
    tracing on (tracing.py), makes each request a span.

    `sanic_times_requests`: the app is served by Sanic's own HTTP/1 server (`serve`),
    which notes when it has read each request's head (`perft0`, for its debug log). The
    duration then starts there, and without tracing the request class needs no
    `__init__`: that call alone was 1 us of /healthz's 28 (docs/benchmarks.md). Elsewhere
    (httpx's ASGI transport in the tests) the request notes the time itself."""
    base: type[Request[Any, Any]] = app.request_class
    tracer = tracer_provider.get_tracer(__name__) if tracer_provider is not None else None
    counts_or_traces = observe is not None or tracer is not None

    class TelemetryRequest(base):  # type: ignore[valid-type,misc]
        __slots__ = ()  # as Sanic's Request: no per-request __dict__
        span: Span | None = None
        log_requests = False  # the access line (ACCESS_LOG); a class attribute, as tests set it

        def started(self) -> float:
            """When the request's head had been read (perf_counter's clock), as Sanic's
            HTTP/1 server noted it; now for a head it could not read (a malformed one,
            answered 4xx on a stand-in request of method NONE, before anything was noted)."""
            noted = getattr(self.stream, "perft0", None)
            if noted is None or self.method == "NONE":
                return perf_counter()
            return float(noted)

        @property
        def watches_probes(self) -> bool:  # see probes.py
            return counts_or_traces or self.log_requests

        @property
        def id(self) -> str:
            # Made when first read (a log line, the header): a probe never makes one.
            # Kept in Sanic's own slot for it, which its __init__ sets to None.
            if self._id is None:  # type: ignore[has-type]
                self._id = request_id_from(self.headers.get(REQUEST_ID_HEADER))  # type: ignore[misc]
            return str(self._id)

        async def respond(
            self,
            response: BaseHTTPResponse | None = None,
            *,
            status: int = 200,
            headers: Header | dict[str, str] | None = None,
            content_type: str | None = None,
        ) -> Any:
            seconds = perf_counter() - self.started()
            duration_ms = seconds * 1000
            timing = f"app;dur={duration_ms:.2f}"
            if is_probe(self):
                pass  # no headers for a probe: no browser or log line reads them (probes.py)
            elif response is not None:
                response.headers[REQUEST_ID_HEADER] = self.id
                response.headers["Server-Timing"] = timing
            else:  # a streamed response, built from `headers`
                headers = {**(headers or {}), REQUEST_ID_HEADER: self.id, "Server-Timing": timing}
            final_status = response.status if response is not None else status
            if observe is not None or self.span is not None:
                route = f"/{self.route.path}" if self.route is not None else UNMATCHED
            if observe is not None:
                observe(route, self.method, final_status, seconds)
            if self.span is not None:
                self.span.update_name(f"{self.method} {route}")
                self.span.set_attribute("http.route", route)
                self.span.set_attribute("http.response.status_code", final_status)
                self.span.set_attribute("request.id", self.id)
                if final_status >= 500:
                    self.span.set_status(StatusCode.ERROR)
                self.span.end()
            if self.log_requests:
                access_log.info(
                    "%s %s %s %.2f ms",
                    self.method,
                    self.path,
                    final_status,
                    duration_ms,
                    extra={
                        "method": self.method,
                        "path": self.path,
                        "status": final_status,
                        "duration_ms": round(duration_ms, 2),
                    },
                )
            return await super().respond(
                response, status=status, headers=headers, content_type=content_type
            )

    class SelfTimedRequest(TelemetryRequest):
        """Notes its own start, and with tracing starts its span, as it is made."""

        __slots__ = ("_started", "span")

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self._started = perf_counter()
            super().__init__(*args, **kwargs)
            self.span = None
            if tracer is not None:
                # A root span, or the caller's child (W3C traceparent): never the previous
                # request's, whose context this task may still hold.
                self.span = tracer.start_span(
                    self.method,
                    context=propagate.extract(self.headers),
                    kind=SpanKind.SERVER,
                    attributes={"http.request.method": self.method, "url.path": self.path},
                )
                context.attach(trace.set_span_in_context(self.span))  # queries are its children

        def started(self) -> float:
            return self._started

    chosen = TelemetryRequest if sanic_times_requests and tracer is None else SelfTimedRequest
    chosen.log_requests = log_requests
    app.request_class = chosen
