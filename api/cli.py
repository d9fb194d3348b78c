"""The ``partner-directory`` command: every operation on the service, with the server's settings.

Run from the project folder with no settings, it uses the same defaults as the server, so it
reaches the database that ``make run`` serves.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import click
from flask import current_app
from sqlalchemy.engine import make_url
from tqdm import tqdm

from api import create_app, delivery
from api.fhir.bulk import folder
from directory import migrate
from directory.db import Database
from directory.errors import DirectoryError, InvalidInput
from directory.identity import ROLE_SCOPES, Identity
from directory.processes import stop_event
from directory.services import Services
from directory.services.housekeeping import Retention
from search.cli import commands as search_commands
from seeds import generate, loader

DEMO_CENTRE = "pumch"


def _services() -> Services:
    return current_app.extensions["services"]


def _fail(error: DirectoryError) -> click.ClickException:
    message = error.detail
    if isinstance(error, InvalidInput):
        message += " " + "; ".join(f"{k}: {' '.join(v)}" for k, v in error.errors.items())
    return click.ClickException(message)


class ServiceGroup(click.Group):
    """This service's commands, and only them: each runs inside the service's app (built once,
    from the same settings as the server), and gives its database connections back at the end."""

    def invoke(self, ctx: click.Context) -> Any:
        if ctx.obj is None:
            app = create_app()
            ctx.obj = app
            ctx.call_on_close(app.extensions["services"].db.dispose)
            ctx.with_resource(app.app_context())
        return super().invoke(ctx)


@click.group(cls=ServiceGroup)
def cli() -> None:
    """Partner Directory: the directory of partner centres and its referral API."""


# --- database ---------------------------------------------------------------------------------


@cli.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Migrate the database up to a revision (as MIGRATION_DATABASE_URL's role, when set, which
    then grants DATABASE_URL's role what the service needs)."""
    with _migrator() as database:
        if database.url.startswith("sqlite:///"):
            Path(database.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        migrate.upgrade(database, revision, sealer=_services().sealer)
        click.echo(f"database at revision {migrate.current_revision(database)}", err=True)
        _grant(database)


@db.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Migrate the database down to a revision (``base`` empties it)."""
    with _migrator() as database:
        migrate.downgrade(database, revision, sealer=_services().sealer)
        _grant(database)


@contextmanager
def _migrator() -> Iterator[Database]:
    """The database as the role that may change its schema: MIGRATION_DATABASE_URL's owner when
    set (the same database as DATABASE_URL, or it is refused), else the service's own."""
    settings = current_app.config["SETTINGS"]
    if not settings.migration_database_url:
        yield _services().db
        return
    owner, served = make_url(settings.migration_database_url), make_url(settings.database_url)
    place = ("host", "port", "database")
    if {owner.get_backend_name(), served.get_backend_name()} != {"postgresql"} or any(
        getattr(owner, k) != getattr(served, k) for k in place
    ):
        raise click.ClickException(
            "MIGRATION_DATABASE_URL must be a PostgreSQL URL of the same database as DATABASE_URL "
            "(only its user and password differ)."
        )
    database = Database(settings.migration_database_url)
    try:
        yield database
    finally:
        database.dispose()


def _grant(owner: Database) -> None:
    """With a migration role of its own (PostgreSQL), grant the service's role exactly what it needs."""
    served = _services().db
    if owner is served or owner.dialect != "postgresql":
        return
    role = make_url(served.url).username
    if not role:
        with served.read() as connection:
            role = connection.exec_driver_sql("SELECT current_user").scalar_one()
    with owner.read() as connection:
        owner_role = connection.exec_driver_sql("SELECT current_user").scalar_one()
    if role == owner_role:
        click.echo(f"DATABASE_URL connects as {role}, the owner: no grants (one role)", err=True)
        return
    problems = migrate.grant_app_privileges(owner, role)
    click.echo(f"granted {role} what the service needs (audit_events: SELECT and INSERT only)", err=True)
    for problem in problems:
        click.echo(f"warning: {problem}: the service's role can change the audit log or the schema", err=True)


@db.command("current")
def db_current() -> None:
    """Print the database's revision."""
    click.echo(migrate.current_revision(_services().db) or "none")


# --- seeds ------------------------------------------------------------------------------------


@cli.command()
@click.option(
    "--demo",
    is_flag=True,
    help="Also load the fictional demo centres and their illustrative rates (never in production).",
)
@click.option("--synthetic", type=click.IntRange(min=1), help="Also add N generated centres (for benchmarks).")
@click.option("--random-seed", default=1, show_default=True, help="Makes --synthetic reproducible.")
def seed(demo: bool, synthetic: int | None, random_seed: int) -> None:
    """Load the vocabulary and the hospitals the clinical source names; loading twice changes
    nothing. With --demo, the fictional demo centres too (they say "demo": true everywhere)."""
    try:
        report = loader.load(_services(), demo=demo or bool(synthetic))
        if synthetic:
            with tqdm(total=synthetic, unit="centre", desc="synthetic", file=sys.stderr) as bar:
                made = generate.load(_services(), synthetic, random_seed, progress=bar.update)
            click.echo(f"synthetic centres created: {made}", err=True)
    except DirectoryError as error:
        raise _fail(error) from error
    click.echo(
        f"vocabulary {'updated' if report.vocabulary_changed else 'unchanged'}; "
        f"centres created: {len(report.centres_created)}, already present: {len(report.centres_present)}",
        err=True,
    )


# --- exchange rates -----------------------------------------------------------------------------


@cli.group()
def rates() -> None:
    """Exchange rates to USD, for comparing costs and budgets."""


@rates.command("set")
@click.argument("currency")
@click.argument("usd_per_unit", type=click.FloatRange(min=0, min_open=True))
@click.option("--as-of", "as_of", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="The rate's date.")
@click.option("--source", required=True, help="Where the rate comes from (e.g. a central bank's reference rate).")
def rates_set(currency: str, usd_per_unit: float, as_of: Any, source: str) -> None:
    """Set how many US dollars one unit of CURRENCY is worth."""
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        raise click.BadParameter("an ISO 4217 code, e.g. CNY", param_hint="CURRENCY")
    try:
        rate, _ = _services().rates.set(Identity.system("cli"), currency, usd_per_unit, as_of.date(), source)
    except DirectoryError as error:
        raise _fail(error) from error
    click.echo(f"1 {rate.currency} = {rate.usd_per_unit} USD as of {rate.as_of}", err=True)


@rates.command("list")
def rates_list() -> None:
    """Print the rates in force, as JSON."""
    found = [
        {"currency": r.currency, "usd_per_unit": r.usd_per_unit, "as_of": r.as_of.isoformat(), "source": r.source}
        for r in _services().rates.list()
    ]
    click.echo(json.dumps(found, indent=2))


# --- vetting ----------------------------------------------------------------------------------


@cli.group()
def vetting() -> None:
    """Vetting reviews."""


@vetting.command("lapse")
@click.option("--every", type=click.IntRange(min=1), help="Keep running, checking every N seconds.")
def vetting_lapse(every: int | None) -> None:
    """Move vetted centres whose review date has passed to lapsed (audited). Matching already
    treats them as lapsed; this makes the status say so."""
    stop = stop_event()
    while True:
        lapsed = _services().centres.lapse_overdue(Identity.system("lapse"))
        if lapsed or not every:
            click.echo(f"lapsed: {', '.join(lapsed) or 'none'}", err=True)
        if not every or stop.wait(every):
            return


# --- housekeeping -------------------------------------------------------------------------------


@cli.group()
def housekeeping() -> None:
    """Removing what has done its work, after a retention (never the audit log)."""


@housekeeping.command("prune")
@click.option("--outbox-days", type=click.IntRange(min=1), default=30, show_default=True, help="Processed outbox rows.")
@click.option(
    "--deliveries-days",
    type=click.IntRange(min=1),
    default=90,
    show_default=True,
    help="Settled webhook deliveries and e-mail notifications.",
)
@click.option("--every", type=click.IntRange(min=1), help="Keep running, pruning every N seconds.")
def housekeeping_prune(outbox_days: int, deliveries_days: int, every: int | None) -> None:
    """Remove processed outbox rows, settled deliveries and notifications past their retention,
    expired exports (with their files), sessions, links, codes and revocations (audited, with
    the counts). Prints what went, as JSON."""

    unsettled = current_app.extensions["search"].unsettled_topics
    retention = Retention(
        outbox=timedelta(days=outbox_days), deliveries=timedelta(days=deliveries_days), unsettled_topics=unsettled
    )
    stop = stop_event()
    while True:
        pruned = _services().housekeeping.prune(Identity.system("housekeeping"), retention)
        for job_id in pruned.exports:
            shutil.rmtree(folder(current_app, job_id), ignore_errors=True)  # type: ignore[arg-type]
        click.echo(json.dumps(pruned.counts, sort_keys=True))
        if not every or stop.wait(every):
            return


# --- keys and secrets ---------------------------------------------------------------------------


@cli.group()
def keys() -> None:
    """The built-in authorization server's signing keys."""


@keys.command("list")
def keys_list() -> None:
    """Every signing key and what it does now: published (signs from a given time), signing,
    verifying (until a given time) or retired."""

    def when(moment: Any) -> str:
        return f"{moment:%Y-%m-%d %H:%M:%S}" if moment else "-"

    click.echo(f"{'kid':24} {'state':10} {'created':19}  {'signs from':19}  {'retires after':19}")
    for key in _services().keys.states():
        click.echo(
            f"{key.kid:24} {key.state:10} {when(key.created_at):19}  {when(key.not_before):19}  "
            f"{when(key.retire_after):19}"
        )


@keys.command("rotate")
def keys_rotate() -> None:
    """Introduce a new signing key. It is published at once and signs once every process and
    every cache of the key set (5 minutes) has it; the key it replaces verifies until the
    last token it may have signed has expired, and is then retired by housekeeping."""
    from api.oauth.keys import ROTATION_PUBLISH_AHEAD, generate_signing_key, rotation_overlap

    settings = current_app.config["SETTINGS"]
    try:
        new, old = _services().keys.rotate(
            Identity.system("cli"),
            generate_signing_key,
            ROTATION_PUBLISH_AHEAD,
            rotation_overlap(settings.access_token_ttl),
        )
    except DirectoryError as error:
        raise _fail(error) from error
    click.echo(f"new key {new.kid}: published now, signs from {new.not_before:%Y-%m-%d %H:%M:%S} UTC")
    if old:
        retire = new.not_before + rotation_overlap(settings.access_token_ttl)  # type: ignore[operator]
        click.echo(f"old key {old}: verifies until {retire:%Y-%m-%d %H:%M:%S} UTC, then retires")


@cli.group("secrets")
def secrets_group() -> None:
    """The master key that seals the secrets kept in the database (SECRETS_KEY)."""


@secrets_group.command("new-key")
def secrets_new_key() -> None:
    """Print a new master key, for SECRETS_KEY or SECRETS_KEY_FILE."""
    from directory.sealing import new_master_key

    click.echo(new_master_key())


@secrets_group.command("reseal")
def secrets_reseal() -> None:
    """Seal every stored secret again with the first master key: run it after putting a new key
    first in SECRETS_KEY, and drop the old key afterwards. Prints the counts, as JSON."""
    counts = _services().keys.reseal(Identity.system("cli"))
    click.echo(json.dumps(counts, sort_keys=True))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def doctor(as_json: bool) -> None:
    """The deployment's state: database, migrations, search index and drift, outbox lag,
    failing webhooks, signing keys. Exits 1 when a check fails."""
    from api import doctor as checks

    found = checks.report(checks.examine(current_app))  # type: ignore[arg-type]
    if as_json:
        click.echo(json.dumps(found, indent=2, default=str))
    else:
        for check in found["checks"]:
            click.echo(f"{check['status']:>4}  {check['name']:<11} {check['summary']}")
    if found["status"] == "fail":
        raise SystemExit(1)


# --- people -------------------------------------------------------------------------------------


@cli.group()
def users() -> None:
    """Local accounts of people (coordinators, hospital staff, admins)."""


def _password_link(token: str) -> str:
    return f"{current_app.config['SETTINGS'].public_url}/app/password/{token}"


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True, help="As colleagues know them.")
@click.option("--role", required=True, type=click.Choice(["admin", "coordinator", "partner"]))
@click.option("--centre", help="The slug of a partner's centre.")
def users_create(email: str, name: str, role: str, centre: str | None) -> None:
    """Make an account; prints a one-time link where its owner sets a password."""
    try:
        user, token = _services().users.create(Identity.system("cli"), email, name, role, centre)
    except DirectoryError as error:
        raise _fail(error) from error
    click.echo(f"{user.email} ({user.role}): the owner sets a password at {_password_link(token)}")


@users.command("reset")
@click.argument("email")
def users_reset(email: str) -> None:
    """Stop the current password and print a one-time link to set a new one (never a password)."""
    try:
        token = _services().users.reset(Identity.system("cli"), email)
    except DirectoryError as error:
        raise _fail(error) from error
    click.echo(f"{email}: a new password is set at {_password_link(token)}")


@users.command("disable")
@click.argument("email")
def users_disable(email: str) -> None:
    """The account stops working at once, its sessions included."""
    services = _services()
    try:
        user = services.users.disable(Identity.system("cli"), email)
    except DirectoryError as error:
        raise _fail(error) from error
    ended = services.sessions.end_all("local", user.id)
    click.echo(f"{user.email} disabled; {ended} session(s) ended", err=True)


@users.command("list")
def users_list() -> None:
    """Print the accounts, as JSON (no secret is ever shown)."""
    found = [
        {
            "email": u.email,
            "name": u.name,
            "role": u.role,
            "centre": u.centre.slug if u.centre else None,
            "state": "disabled" if u.disabled_at else "active" if u.password_hash else "no password yet",
        }
        for u in _services().users.list(Identity.system("cli"))
    ]
    click.echo(json.dumps(found, indent=2))


# --- clients ----------------------------------------------------------------------------------


@cli.group()
def clients() -> None:
    """OAuth clients of the built-in authorization server."""


@clients.command("create")
@click.option("--name", required=True, help="Who the client is, for people reading the audit log.")
@click.option("--role", required=True, type=click.Choice(list(ROLE_SCOPES)))
@click.option("--centre", help="The slug of the centre a partner client belongs to.")
@click.option("--scope", "scopes", multiple=True, help="Limit the scopes (default: all of the role's).")
@click.option("--json", "as_json", is_flag=True, help='Print {"client_id": ..., "client_secret": ...}.')
def clients_create(name: str, role: str, centre: str | None, scopes: tuple[str, ...], as_json: bool) -> None:
    """Create a client; its secret is printed once and stored only hashed."""
    try:
        new = _services().clients.create(Identity.system("cli"), name, role, centre, list(scopes) if scopes else None)
    except DirectoryError as error:
        raise _fail(error) from error
    if as_json:
        click.echo(json.dumps({"client_id": new.client.client_id, "client_secret": new.secret}))
    else:
        click.echo(f"client_id:     {new.client.client_id}\nclient_secret: {new.secret}")
        click.echo("The secret is shown only this once.", err=True)


@clients.command("list")
def clients_list() -> None:
    """The clients: id, role, centre, scopes and whether they are enabled (never a secret)."""
    rows = _services().clients.list(Identity.system("cli"))
    if not rows:
        click.echo("No clients yet (partner-directory clients create).")
    for client in rows:
        state = "disabled" if client.disabled_at else "enabled"
        centre = client.centre.slug if client.centre else "-"
        click.echo(f"{client.client_id:34} {client.role:12} {centre:16} {state:9} {client.name}")


@clients.command("rotate")
@click.argument("client_id")
@click.option(
    "--overlap",
    type=click.IntRange(0, 7 * 86400),
    default=0,
    show_default=True,
    help="Seconds the old secret keeps working (0: it stops at once, for a leaked secret).",
)
def clients_rotate(client_id: str, overlap: int) -> None:
    """A new secret for a client, printed once."""
    try:
        rotated = _services().clients.rotate_secret(Identity.system("cli"), client_id, timedelta(seconds=overlap))
    except DirectoryError as error:
        raise _fail(error) from error
    click.echo(f"client_secret: {rotated.secret}")
    until = rotated.previous_secret_until
    old = f"the old one works until {until:%Y-%m-%d %H:%M:%S} UTC" if until else "the old one no longer works"
    click.echo(f"The secret is shown only this once; {old}.", err=True)


@clients.command("disable")
@click.argument("client_id")
def clients_disable(client_id: str) -> None:
    """Disable a client: it can no longer get tokens."""
    try:
        _services().clients.disable(Identity.system("cli"), client_id)
    except DirectoryError as error:
        raise _fail(error) from error


@cli.command("demo-clients")
@click.option("--out", type=click.Path(path_type=Path), help="Where to keep the credentials.")
def demo_clients(out: Path | None) -> None:
    """Create one demo client per role (once), save their credentials and print them."""
    settings = current_app.config["SETTINGS"]
    out = out or settings.instance_path / "demo-clients.json"
    services = _services()
    saved = _read_saved(out)
    if saved and all(services.clients.authenticate(c["client_id"], c["client_secret"]) for c in saved.values()):
        credentials = saved
    else:
        credentials = {}
        for role in ROLE_SCOPES:
            new = services.clients.create(
                Identity.system("demo"),
                f"Demo {role}",
                role,
                DEMO_CENTRE if role == "partner" else None,
            )
            credentials[role] = {"client_id": new.client.client_id, "client_secret": new.secret}
            if role == "partner":
                credentials[role]["centre"] = DEMO_CENTRE
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(credentials, indent=2) + "\n")
        os.chmod(out, stat.S_IRUSR | stat.S_IWUSR)
    click.echo("Demo clients (one per role):")
    for role, c in credentials.items():
        extra = f"  centre={c['centre']}" if "centre" in c else ""
        click.echo(f"  {role:<12} client_id={c['client_id']}  client_secret={c['client_secret']}{extra}")
    click.echo(f"Saved in {out} (readable by you only).")


@cli.command("demo-users")
@click.option("--out", type=click.Path(path_type=Path), help="Where to keep the sign-ins.")
def demo_users(out: Path | None) -> None:
    """Create one demo person per role (admin, coordinator, partner of pumch), once, with a
    password, for trying the web app; save and print their sign-ins. Demo databases only."""
    settings = current_app.config["SETTINGS"]
    out = out or settings.instance_path / "demo-users.json"
    services = _services()
    if not services.centres.demo_database():
        raise click.ClickException("Demo users belong in a demo database (seed --demo).")
    try:
        saved = json.loads(out.read_text())
    except (OSError, ValueError):
        saved = None
    if not (
        isinstance(saved, dict)
        and all(services.users.check_password("cli", s["email"], s["password"]).user for s in saved.values())
    ):
        saved = {}
        for role in ("admin", "coordinator", "partner"):
            email = f"{role}@demo.example"
            if services.users.by_email(email) is None:
                _, token = services.users.create(
                    Identity.system("demo"), email, f"Demo {role}", role, DEMO_CENTRE if role == "partner" else None
                )
            else:
                token = services.users.reset(Identity.system("demo"), email)
            password = secrets.token_urlsafe(12)
            services.users.set_password(token, password)
            saved[role] = {"email": email, "password": password}
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(saved, indent=2) + "\n")
        os.chmod(out, stat.S_IRUSR | stat.S_IWUSR)
    click.echo(f"Demo people (sign in at {settings.public_url}/app/):")
    for role, who in saved.items():
        click.echo(f"  {role:<12} email={who['email']}  password={who['password']}")
    click.echo(f"Saved in {out} (readable by you only).")


def _read_saved(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or set(data) != set(ROLE_SCOPES):
        return None
    return data


# --- the other packages' commands ------------------------------------------------------------
# Each outbox consumer keeps its command beside it: the search worker and reindex in the
# search package, the webhook and e-mail sender beside the sender.

cli.add_command(search_commands)
cli.add_command(delivery.commands)


# --- the API's contract -----------------------------------------------------------------------


@cli.command("openapi")
def openapi_document() -> None:
    """Print the OpenAPI document as this code serves it, for the address the committed copy
    names (make openapi writes it to clients/openapi.json; a test fails while they differ)."""
    from api import contract

    click.echo(json.dumps(contract.document(), indent=2, sort_keys=True, ensure_ascii=False))
