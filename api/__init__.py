"""The HTTP API: app factory, resources, OAuth. ``create_app()`` is what gunicorn serves."""

from __future__ import annotations

import json
import logging
import time
import uuid
from datetime import timedelta
from typing import Any

import flask_smorest
from flask import Flask, Response, current_app, g, request
from flask.json.provider import DefaultJSONProvider
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from api import fhir, headers, logs, metrics, oauth, problems, tracing, web
from api.config import Config
from api.contract import ProblemResponses, nullable_enum, with_vocabulary
from api.oauth import server as oauth_server
from api.ratelimit import RateLimits
from api.resources import (
    CurrencyConverter,
    SlugConverter,
    audit,
    centres,
    clients,
    health,
    rates,
    referrals,
    reject_unexpected_query,
    require_json_bodies,
    review,
    search,
    vocabulary,
    webhooks,
)
from directory.db import Database
from directory.identity import SCOPES
from directory.services import Services
from search import make_search

log = logging.getLogger("api.access")

#: What the OpenAPI document says of itself: written for a developer of the intake service or of a
#: hospital system, who meets the service through it.
API_DESCRIPTION = """\
The directory of vetted partner centres for international cancer patients: search centres, match
a case to the centres that suit it (with what each meets and misses), refer a case to a centre
and follow it through its workflow, and keep a centre's own capabilities, costs and wait times
current.

Every call needs an OAuth 2.0 bearer token (client credentials at ``/oauth/token``); each
operation names the scopes it needs. Writes to a resource that has an ``ETag`` need
``If-Match`` with it; referral creation takes an ``Idempotency-Key``. Errors are RFC 9457
problem details (``application/problem+json``) that name each refused field and why; unknown
query parameters are refused, not ignored.
"""


class StrictJSON(DefaultJSONProvider):
    """JSON as RFC 8259 has it: NaN and Infinity are refused, not written out."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        kwargs.setdefault("allow_nan", False)
        return super().dumps(obj, **kwargs)


class Api(flask_smorest.Api):
    """flask-smorest's Api, answering every HTTP error as problem+json with its headers kept."""

    ERROR_SCHEMA = problems.ProblemSchema

    def handle_http_exception(self, error: HTTPException) -> Response:  # type: ignore[override]
        return problems.from_http_exception(error)

    def document(self) -> dict[str, Any]:
        """The OpenAPI document, with the codes of the vocabulary in force as request-side enums."""
        return with_vocabulary(self.spec.to_dict(), _vocabulary_codes())

    def _openapi_json(self) -> Response:
        return current_app.response_class(
            json.dumps(self.document(), indent=2, ensure_ascii=False), mimetype="application/json"
        )


def _vocabulary_codes() -> dict[str, list[str]]:
    """The codes of the vocabulary in force, by kind; none while the database cannot say (the
    document is still served, its code fields plain strings)."""
    try:
        loaded = current_app.extensions["search"].vocabulary()
    except SQLAlchemyError:  # the document must not depend on the database being up
        logging.getLogger(__name__).warning("the vocabulary could not be read: the document lists no codes")
        return {}
    return {
        "sites": [s["code"] for s in loaded.sites],
        "capabilities": [c["code"] for c in loaded.capabilities],
        "services": [s["code"] for s in loaded.services],
        "rules": [r["code"] for r in loaded.rules],
    }


def create_app(config: Config | None = None, services: Services | None = None) -> Flask:
    config = config or Config.from_env()
    logs.configure(config.log_level, config.log_format)
    app = Flask(__name__, instance_path=str(config.instance_path))
    if config.trusted_proxies:
        n = config.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    app.json = StrictJSON(app)
    app.config.update(
        SETTINGS=config,
        TESTING=config.testing,
        MAX_CONTENT_LENGTH=config.max_body_bytes,
        API_TITLE="Partner Directory",
        API_VERSION="1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs/console" if config.api_docs else None,
        OPENAPI_SWAGGER_UI_URL="/docs/assets/",
        API_SPEC_OPTIONS={"info": {"description": API_DESCRIPTION}},
    )
    if services is None:
        services = Services(Database(config.database_url), config.sealer())
    _configure_people(services, config)
    app.extensions["services"] = services
    app.extensions["search"] = make_search(services, config.elasticsearch_url, config.search_index_prefix)

    _request_hooks(app)
    metrics.install(app)
    tracing.install(app, config.tracing)
    headers.install(
        app, config.cors_origins, https=config.public_url.startswith("https://"), sign_in_at=config.web_oidc_issuer
    )
    reject_unexpected_query(app)
    require_json_bodies(app)
    problems.register(app)
    app.extensions["rate_limits"] = RateLimits(
        config.rate_limit_storage, config.rate_limit_client, config.rate_limit_oauth
    )
    oauth.install(app, services)
    web.install(app)
    app.register_blueprint(fhir.blueprint)

    app.url_map.converters["slug"] = SlugConverter
    app.url_map.converters["currency"] = CurrencyConverter
    declared = ProblemResponses()
    api = Api(app, spec_kwargs={"extra_plugins": [declared]})
    api.ma_plugin.converter.add_attribute_function(nullable_enum)
    declared.declare(problems.ProblemSchema)
    api.register_converter(SlugConverter, lambda converter: dict(SlugConverter.SCHEMA))
    api.register_converter(CurrencyConverter, lambda converter: dict(CurrencyConverter.SCHEMA))
    _document_security(app, api, config)
    for module in (health, search, centres, vocabulary, referrals, webhooks, audit, rates, review, clients):
        api.register_blueprint(module.blp)
    _errors_are_problems(api)
    return app


def _configure_people(services: Services, config: Config) -> None:
    """The deployment's settings for local accounts and web sessions."""
    services.users.max_failures = config.sign_in_max_failures
    services.users.lockout = timedelta(minutes=config.sign_in_lockout_minutes)
    services.users.totp_roles = config.web_totp_roles
    services.sessions.idle = timedelta(minutes=config.web_session_idle_minutes)
    services.sessions.absolute = timedelta(hours=config.web_session_max_hours)


def _errors_are_problems(api: Api) -> None:
    """Every error response is documented as what it is: application/problem+json."""
    for response in api.spec.components.responses.values():
        content = response.get("content", {})
        if "application/json" in content:
            content["application/problem+json"] = content.pop("application/json")


def _document_security(app: Flask, api: Api, config: Config) -> None:
    api.spec.components.security_scheme(
        "oauth2",
        {
            "type": "oauth2",
            "description": "Client credentials; the token is an RFC 9068 JWT for this API.",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": f"{config.oauth_issuer}/oauth/token",
                    "scopes": dict(SCOPES),
                }
            },
        },
    )
    oauth_server.document(api.spec, app)
    problem = {"application/problem+json": {"schema": problems.ProblemSchema}}
    api.spec.components.response("Unauthorized", {"description": "No valid access token.", "content": problem})
    api.spec.components.response(
        "Forbidden", {"description": "The token or the role does not allow this.", "content": problem}
    )
    api.spec.components.response(
        "TooManyRequests",
        {
            "description": "Rate limited; try again after Retry-After seconds.",
            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
            "content": problem,
        },
    )


def _within_limits(config: Config) -> None:
    """Request lines and headers past the limits are refused here, as problem+json (gunicorn's
    own limits are lifted: see api/gunicorn_conf.py)."""
    target = request.environ.get("RAW_URI") or request.full_path
    if len(target.encode()) > config.max_url_bytes:
        raise problems.ProblemError(
            414, f"The request target is longer than {config.max_url_bytes} bytes.", code="uri-too-long"
        )
    size = sum(len(name) + len(value) + 4 for name, value in request.headers.items())
    if size > config.max_header_bytes:
        raise problems.ProblemError(
            431, f"The request headers are larger than {config.max_header_bytes} bytes.", code="headers-too-large"
        )


def _request_hooks(app: Flask) -> None:
    @app.before_request
    def _start() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
        g.started = time.perf_counter()
        _within_limits(app.config["SETTINGS"])

    @app.after_request
    def _finish(response: Response) -> Response:
        response.headers["X-Request-ID"] = g.get("request_id", "")
        if not log.isEnabledFor(logging.INFO):
            return response  # the access log is off: build nothing for it
        identity: Any = g.get("identity")
        log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 2),
                "client_id": identity.client_id if identity else None,
                "address": request.remote_addr,
            },
        )
        return response
