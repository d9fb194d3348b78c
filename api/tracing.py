"""OpenTelemetry tracing, when ``TRACING=otlp``: a span per request (Flask's instrumentation),
carrying the request's id, exported over OTLP/HTTP to where the standard variables say
(``OTEL_EXPORTER_OTLP_ENDPOINT``, ...). Off by default; it needs the ``tracing`` extra
(``pip install 'partner-directory[tracing]'``), imported only when it is on. Log lines then
carry the trace's id too (api.logs)."""

from __future__ import annotations

from flask import Flask, Response, g

MODES = ("off", "otlp")


def install(app: Flask, mode: str) -> None:
    if mode == "off":
        return
    try:
        from opentelemetry import trace
        from opentelemetry.instrumentation.flask import FlaskInstrumentor
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError as error:
        raise RuntimeError("TRACING=otlp needs the tracing extra: pip install 'partner-directory[tracing]'") from error
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):  # one per process, however many apps
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider = TracerProvider(resource=Resource.create({"service.name": "partner-directory"}))
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        trace.set_tracer_provider(provider)
    FlaskInstrumentor().instrument_app(app, tracer_provider=provider)

    @app.after_request
    def _tag(response: Response) -> Response:
        span = trace.get_current_span()
        if span.is_recording():
            span.set_attribute("partner_directory.request_id", g.get("request_id", ""))
        return response


def trace_id() -> str | None:
    """The current trace's id (hex), when tracing is on and a span is active."""
    try:
        from opentelemetry import trace
    except ImportError:
        return None
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None
