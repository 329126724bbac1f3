"""OpenTelemetry traces: off unless the standard OTEL_* variables ask for them.

On when `OTEL_TRACES_EXPORTER=otlp` or an OTLP endpoint is set
(`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), and not
`OTEL_SDK_DISABLED=true`. Spans go to the OTLP exporter (HTTP/protobuf), which reads
its own OTEL_EXPORTER_OTLP_* settings (headers, timeout, ...); the service is
OTEL_SERVICE_NAME, or the app's name. Each request is a span (backend/middleware/
telemetry.py, named by its route, continuing an incoming W3C `traceparent`) with its
database queries as child spans (the official SQLAlchemy instrumentation). A job
queued by a request carries the request's trace context, and `<slug> worker` (service
`<app>-worker` unless OTEL_SERVICE_NAME says) runs it in a child span (jobs/queue.py).
"""

import os
from collections.abc import Mapping

from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")


def tracing_requested(environ: Mapping[str, str] = os.environ) -> bool:
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    exporter = environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if exporter:
        return exporter != "none"
    return any(environ.get(name) for name in ENDPOINT_VARIABLES)


def tracer_provider_from_environment(service_name: str) -> TracerProvider | None:
    """A provider exporting over OTLP when the environment asks for traces, else None."""
    if not tracing_requested():
        return None
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    name = os.environ.get("OTEL_SERVICE_NAME") or service_name
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    return provider
