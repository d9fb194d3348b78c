"""Configuration: one table of environment variables, read in one place.

The server, the CLI and the tests all build their settings here, so that a command run from
the project folder with no settings reaches the same database that ``make run`` serves.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from api.oauth.external import ExternalProfile
from directory.sealing import Sealer, load_sealer

#: The longest access-token lifetime the server will issue, whatever the setting says.
MAX_TOKEN_TTL = 900


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


#: Every environment variable the service reads. The README's table is generated from this.
SETTINGS: tuple[Setting, ...] = (
    Setting("INSTANCE_PATH", "./instance", "Folder for local state: the SQLite database, demo credentials."),
    Setting(
        "DATABASE_URL",
        "sqlite:///$INSTANCE_PATH/partner-directory.db",
        "SQLAlchemy URL; `postgresql+psycopg://user:pass@host/db` for PostgreSQL.",
    ),
    Setting(
        "MIGRATION_DATABASE_URL",
        "",
        "PostgreSQL: the same database as the owner of its tables, for `db upgrade` only, which then grants "
        "`DATABASE_URL`'s role what the service needs and no more (no UPDATE or DELETE of the audit log, no "
        "schema changes). Empty: `DATABASE_URL` migrates (one role).",
    ),
    Setting("HOST", "127.0.0.1", "The address `make run` serves on."),
    Setting("PORT", "8000", "The port `make run` serves on."),
    Setting(
        "PUBLIC_URL",
        "http://$HOST:$PORT",
        "Where people and clients reach the service (behind a proxy: its public URL); the default token issuer.",
    ),
    Setting("OAUTH_ISSUER", "$PUBLIC_URL", "The `iss` of tokens from the built-in authorization server."),
    Setting("OAUTH_AUDIENCE", "$PUBLIC_URL/v1", "This API's identifier: the `aud` every access token must carry."),
    Setting("ACCESS_TOKEN_TTL", "600", f"Access-token lifetime in seconds (at most {MAX_TOKEN_TTL})."),
    Setting("EXTERNAL_ISSUER", "", "Also accept access tokens of this issuer (e.g. a Keycloak realm's URL)."),
    Setting(
        "EXTERNAL_JWKS_URL",
        "$EXTERNAL_ISSUER/protocol/openid-connect/certs",
        "Where the external issuer publishes its keys (Keycloak's path by default).",
    ),
    Setting("EXTERNAL_AUDIENCE", "$OAUTH_AUDIENCE", "The audience its tokens must carry (a Keycloak audience mapper)."),
    Setting("EXTERNAL_TYP", "JWT", "The `typ` its tokens carry: `JWT` (Keycloak's default) or `at+jwt`."),
    Setting(
        "EXTERNAL_ROLES_CLAIM",
        "realm_access.roles",
        "Where its roles are: `realm_access.roles` or `resource_access.<client>.roles`.",
    ),
    Setting(
        "EXTERNAL_ROLE_MAP",
        "",
        "Its role names to ours, `theirs=ours,...` (empty: the same names: admin, coordinator, ...).",
    ),
    Setting("EXTERNAL_CENTRE_CLAIM", "centre", "The claim naming a partner's centre (a slug)."),
    Setting("EXTERNAL_LEEWAY", "30", "Clock skew allowed on its tokens, in seconds (at most 60)."),
    Setting(
        "EXTERNAL_ALGORITHMS",
        "RS256",
        "Signature algorithms its tokens may use: RS256, PS256, ES256 (comma-separated).",
    ),
    Setting(
        "EXTERNAL_JWKS_TTL",
        "300",
        "Seconds its key set is trusted before it is fetched again (a removed key stops working).",
    ),
    Setting(
        "EXTERNAL_INTROSPECTION_URL",
        "",
        "Ask the provider whether each token is still active (RFC 7662), e.g. "
        "`$EXTERNAL_ISSUER/protocol/openid-connect/token/introspect`.",
    ),
    Setting("EXTERNAL_INTROSPECTION_CLIENT_ID", "", "This API's client at the provider, for introspection."),
    Setting("EXTERNAL_INTROSPECTION_CLIENT_SECRET", "", "Its secret."),
    Setting("EXTERNAL_INTROSPECTION_CACHE", "30", "Seconds the provider's answer about a token is kept (at most 300)."),
    Setting(
        "WEB_OIDC_ISSUER",
        "",
        "Where people sign in to the web app: empty, the built-in server (local accounts); or an OpenID Connect "
        "provider's issuer URL (e.g. a Keycloak realm), found by discovery.",
    ),
    Setting("WEB_CLIENT_ID", "partner-directory-web", "The web app's client id (at the provider, when external)."),
    Setting("WEB_CLIENT_SECRET", "", "Its secret at an external provider (the built-in server makes its own)."),
    Setting("WEB_SESSION_IDLE_MINUTES", "30", "A web session ends after this long without a request."),
    Setting("WEB_SESSION_MAX_HOURS", "12", "A web session ends this long after sign-in, whatever happens."),
    Setting(
        "WEB_TOTP_ROLES", "", "Roles whose local accounts must use a second factor (TOTP), e.g. `admin,coordinator`."
    ),
    Setting("SIGN_IN_MAX_FAILURES", "5", "Failed sign-ins in a row that lock a local account."),
    Setting("SIGN_IN_LOCKOUT_MINUTES", "15", "How long a locked account stays locked."),
    Setting("ELASTICSEARCH_URL", "", "Elasticsearch URL; empty means the local in-process search backend."),
    Setting("SEARCH_INDEX_PREFIX", "partner-directory", "Prefix of index and alias names (keeps test and dev apart)."),
    Setting("MAX_BODY_BYTES", "65536", "Largest request body accepted (413 above it)."),
    Setting("MAX_URL_BYTES", "8192", "Longest request target (path and query) accepted (414 above it)."),
    Setting("MAX_HEADER_BYTES", "16384", "Most bytes of request headers accepted (431 above it)."),
    Setting(
        "WEBHOOK_ALLOW_PRIVATE",
        "off",
        "`on` lets webhook URLs point at loopback and private networks (tests, one machine).",
    ),
    Setting(
        "SMTP_URL",
        "",
        "Where e-mail notifications go: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://host:465`; "
        "empty: files in `MAILBOX_PATH`.",
    ),
    Setting("MAIL_FROM", "Partner Directory <no-reply@localhost>", "The sender of e-mail notifications."),
    Setting(
        "MAILBOX_PATH", "$INSTANCE_PATH/mailbox", "Where e-mail notifications are written when `SMTP_URL` is empty."
    ),
    Setting(
        "RATE_LIMIT_STORAGE",
        "memory://",
        "Where rate-limit counters live: `memory://` (per process) or `redis://host:6379`.",
    ),
    Setting("RATE_LIMIT_CLIENT", "1200/minute", "Requests a client may make (per client id)."),
    Setting("RATE_LIMIT_OAUTH", "60/minute", "Requests to /oauth/* per remote address."),
    Setting(
        "SECRETS_KEY",
        "",
        "Master key sealing the secrets kept in the database (signing keys, webhook secrets, TOTP seeds): 32 "
        "bytes, URL-safe base64 (`partner-directory secrets new-key`). Several, comma-separated: the first seals, "
        "all open (to change it, put the new one first and run `partner-directory secrets reseal`).",
    ),
    Setting(
        "SECRETS_KEY_FILE",
        "$INSTANCE_PATH/secrets.key",
        "Read when `SECRETS_KEY` is empty: one key a line. On SQLite a missing file is made (owner-only); "
        "on PostgreSQL a missing key stops the service.",
    ),
    Setting(
        "METRICS_TOKEN",
        "",
        "The bearer token Prometheus sends to read `/metrics` (empty: no `/metrics`). Make it long and random.",
    ),
    Setting(
        "TRACING",
        "off",
        "`otlp`: OpenTelemetry spans per request, exported over OTLP/HTTP to `OTEL_EXPORTER_OTLP_ENDPOINT` "
        "(needs the `tracing` extra).",
    ),
    Setting(
        "TRUSTED_PROXIES",
        "0",
        "How many proxies in front of the service append to X-Forwarded-For (and set X-Forwarded-Proto "
        "and -Host): the client's address is then taken from there, for rate limits and logs. 0: none, "
        "the forwarded headers are ignored (a client could write them).",
    ),
    Setting("API_DOCS", "on", "`off` hides the interactive docs page (the OpenAPI document stays)."),
    Setting("CORS_ORIGINS", "", "Comma-separated browser origins allowed to call the API (none by default)."),
    Setting("LOG_LEVEL", "INFO", "Python log level."),
    Setting("LOG_FORMAT", "json", "`json` (one object per line) or `text`."),
)


@dataclass(frozen=True)
class Config:
    instance_path: Path
    database_url: str
    public_url: str
    oauth_issuer: str
    oauth_audience: str
    access_token_ttl: int
    elasticsearch_url: str
    search_index_prefix: str
    max_body_bytes: int
    max_url_bytes: int
    max_header_bytes: int
    webhook_allow_private: bool
    rate_limit_storage: str
    rate_limit_client: str
    rate_limit_oauth: str
    api_docs: bool
    cors_origins: frozenset[str]
    log_level: str
    log_format: str
    migration_database_url: str = ""
    trusted_proxies: int = 0
    metrics_token: str = ""
    secrets_key: str = ""
    secrets_key_file: Path | None = None
    tracing: str = "off"
    web_oidc_issuer: str = ""
    web_client_id: str = "partner-directory-web"
    web_client_secret: str = ""
    smtp_url: str = ""
    mail_from: str = "Partner Directory <no-reply@localhost>"
    mailbox_path: Path = Path("instance/mailbox")
    web_session_idle_minutes: int = 30
    web_session_max_hours: int = 12
    web_totp_roles: frozenset[str] = frozenset()
    sign_in_max_failures: int = 5
    sign_in_lockout_minutes: int = 15
    external: ExternalProfile | None = None
    testing: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Config:
        env = dict(os.environ if environ is None else environ)

        def get(name: str) -> str:
            value = env.get(name, "")
            if value == "":
                value = next(s.default for s in SETTINGS if s.name == name)
            return value

        instance = Path(get("INSTANCE_PATH")).expanduser().resolve()
        public_url = (env.get("PUBLIC_URL") or f"http://{get('HOST')}:{get('PORT')}").rstrip("/")
        database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'partner-directory.db'}"
        issuer = (env.get("OAUTH_ISSUER") or public_url).rstrip("/")
        ttl = int(get("ACCESS_TOKEN_TTL"))
        tracing = get("TRACING").lower()
        if tracing not in ("off", "otlp"):
            raise ValueError("TRACING must be off or otlp.")
        proxies = int(get("TRUSTED_PROXIES"))
        if not 0 <= proxies <= 10:
            raise ValueError("TRUSTED_PROXIES must be between 0 and 10.")
        if not 1 <= ttl <= MAX_TOKEN_TTL:
            raise ValueError(f"ACCESS_TOKEN_TTL must be between 1 and {MAX_TOKEN_TTL} seconds.")
        values: dict[str, object] = {
            "instance_path": instance,
            "database_url": database_url,
            "migration_database_url": env.get("MIGRATION_DATABASE_URL", "").strip(),
            "public_url": public_url,
            "oauth_issuer": issuer,
            "oauth_audience": env.get("OAUTH_AUDIENCE") or f"{public_url}/v1",
            "access_token_ttl": ttl,
            "elasticsearch_url": get("ELASTICSEARCH_URL") if env.get("ELASTICSEARCH_URL") else "",
            "search_index_prefix": get("SEARCH_INDEX_PREFIX"),
            "max_body_bytes": int(get("MAX_BODY_BYTES")),
            "max_url_bytes": int(get("MAX_URL_BYTES")),
            "max_header_bytes": int(get("MAX_HEADER_BYTES")),
            "webhook_allow_private": _flag(get("WEBHOOK_ALLOW_PRIVATE")),
            "smtp_url": get("SMTP_URL"),
            "mail_from": get("MAIL_FROM"),
            "mailbox_path": Path(env["MAILBOX_PATH"]).expanduser().resolve()
            if env.get("MAILBOX_PATH")
            else instance / "mailbox",
            "rate_limit_storage": get("RATE_LIMIT_STORAGE"),
            "rate_limit_client": get("RATE_LIMIT_CLIENT"),
            "rate_limit_oauth": get("RATE_LIMIT_OAUTH"),
            "trusted_proxies": proxies,
            "metrics_token": get("METRICS_TOKEN"),
            "secrets_key": get("SECRETS_KEY"),
            "secrets_key_file": Path(env["SECRETS_KEY_FILE"]).expanduser().resolve()
            if env.get("SECRETS_KEY_FILE")
            else instance / "secrets.key",
            "tracing": tracing,
            "api_docs": _flag(get("API_DOCS")),
            "cors_origins": frozenset(o.strip().rstrip("/") for o in get("CORS_ORIGINS").split(",") if o.strip()),
            "log_level": get("LOG_LEVEL").upper(),
            "log_format": get("LOG_FORMAT").lower(),
            "web_oidc_issuer": get("WEB_OIDC_ISSUER").strip().rstrip("/"),
            "web_client_id": get("WEB_CLIENT_ID").strip(),
            "web_client_secret": get("WEB_CLIENT_SECRET"),
            "web_session_idle_minutes": int(get("WEB_SESSION_IDLE_MINUTES")),
            "web_session_max_hours": int(get("WEB_SESSION_MAX_HOURS")),
            "web_totp_roles": frozenset(r.strip() for r in get("WEB_TOTP_ROLES").split(",") if r.strip()),
            "sign_in_max_failures": int(get("SIGN_IN_MAX_FAILURES")),
            "sign_in_lockout_minutes": int(get("SIGN_IN_LOCKOUT_MINUTES")),
        }
        if values["web_oidc_issuer"] and not values["web_client_secret"]:
            raise ValueError("WEB_OIDC_ISSUER needs WEB_CLIENT_SECRET (the web app's secret at the provider).")
        if get("EXTERNAL_ISSUER"):
            issuer_url = get("EXTERNAL_ISSUER").rstrip("/")
            values["external"] = ExternalProfile(
                issuer=issuer_url,
                jwks_url=env.get("EXTERNAL_JWKS_URL") or f"{issuer_url}/protocol/openid-connect/certs",
                audience=env.get("EXTERNAL_AUDIENCE") or str(values["oauth_audience"]),
                typ=get("EXTERNAL_TYP").strip(),
                roles_claim=get("EXTERNAL_ROLES_CLAIM").strip(),
                role_map=_pairs(get("EXTERNAL_ROLE_MAP")),
                centre_claim=get("EXTERNAL_CENTRE_CLAIM").strip(),
                leeway=int(get("EXTERNAL_LEEWAY")),
                algorithms=tuple(a.strip() for a in get("EXTERNAL_ALGORITHMS").split(",") if a.strip()),
                jwks_ttl=float(get("EXTERNAL_JWKS_TTL")),
                introspection_url=get("EXTERNAL_INTROSPECTION_URL").strip(),
                introspection_client_id=get("EXTERNAL_INTROSPECTION_CLIENT_ID").strip(),
                introspection_client_secret=get("EXTERNAL_INTROSPECTION_CLIENT_SECRET"),
                introspection_cache=float(get("EXTERNAL_INTROSPECTION_CACHE")),
            )
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    def sealer(self) -> Sealer:
        """What seals the secrets kept in the database. The embedded default (SQLite, one
        machine) makes its own key file; elsewhere the key must be given."""
        return load_sealer(self.secrets_key, self.secrets_key_file, create=self.database_url.startswith("sqlite"))


def _pairs(value: str) -> dict[str, str]:
    """``a=b, c = d`` as {"a": "b", "c": "d"}, each side trimmed."""
    found = {}
    for pair in value.split(","):
        if "=" in pair:
            theirs, ours = pair.split("=", 1)
            found[theirs.strip()] = ours.strip()
    return found


def _flag(value: str) -> bool:
    return value.strip().lower() not in ("off", "false", "0", "no", "")
