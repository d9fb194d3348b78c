"""Headers every response carries: security headers, and CORS for the origins configured.

The API answers JSON to programs; nothing in it should be framed, sniffed, cached by a shared
cache or followed by a referrer. The pages people read (the app, the sign-in page, the API
reference at ``/docs``) load only this site's own styles and scripts; the interactive console
(``/docs/console``, Swagger UI) needs one inline script to start, and gets its own policy.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, request

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
API_CSP = "default-src 'none'; frame-ancestors 'none'"
#: The console: Swagger UI from this service's own assets; its one inline script starts it.
DOCS_CSP = (
    "default-src 'none'; frame-ancestors 'none'; connect-src 'self'; img-src 'self' data:; "
    "script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'"
)
#: The pages people use (the web app, the sign-in page): only this site's own styles and
#: scripts; forms post here, or, at sign-out, redirect to the identity provider.
PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'{provider}"
)
PAGE_PREFIXES = ("/app", "/oauth/authorize", "/oauth/sign-out", "/static/")
CORS_ALLOW_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-ID"
CORS_EXPOSE_HEADERS = "ETag, Location, Retry-After, WWW-Authenticate, X-Request-ID"


def install(app: Flask, cors_origins: frozenset[str], https: bool, sign_in_at: str = "") -> None:
    provider = urlsplit(sign_in_at)
    page_csp = PAGE_CSP.format(provider=f" {provider.scheme}://{provider.netloc}" if provider.netloc else "")

    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        is_console = request.path.startswith(("/docs/console", "/docs/assets/"))
        is_page = request.path in ("/", "/docs") or request.path.startswith(PAGE_PREFIXES)
        csp = DOCS_CSP if is_console else page_csp if is_page else API_CSP
        response.headers.setdefault("Content-Security-Policy", csp)
        if https:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.path.startswith(("/v1/", "/oauth/", "/fhir/")):
            response.headers.setdefault("Cache-Control", "no-store")
        _cors(response, cors_origins)
        return response


def _cors(response: Response, origins: frozenset[str]) -> None:
    response.vary.add("Origin")
    origin = request.headers.get("Origin")
    if not origin or origin not in origins:
        return  # no CORS headers: the browser keeps the answer from the page
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Expose-Headers"] = CORS_EXPOSE_HEADERS
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, PATCH, DELETE"
        response.headers["Access-Control-Allow-Headers"] = CORS_ALLOW_HEADERS
        response.headers["Access-Control-Max-Age"] = "600"
