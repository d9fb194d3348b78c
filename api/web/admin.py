"""Admin pages: people's accounts, API clients, the audit log. Each calls the same service as
the CLI and the API, whose policy allows these actions to admins only."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import current_app, redirect, request
from flask_babel import gettext as _

from api.web import blueprint, current_person_identity, page, signed_in
from api.web.forms import instant
from directory.errors import DirectoryError, InvalidInput, NotFound
from directory.identity import ROLE_SCOPES
from directory.models import PERSON_ROLES
from directory.services.audit import AuditFilter

PAGE_SIZE = 50
#: The audit log's filters, as the page names them.
AUDIT_FILTERS = ("action", "entity_type", "entity_id", "client_id", "role", "outcome")


def _services() -> Any:
    return current_app.extensions["services"]


def _link(token: str) -> str:
    return f"{current_app.config['SETTINGS'].public_url}/app/password/{token}"


# --- people ---------------------------------------------------------------------------------------


@blueprint.get("/admin/users")
@signed_in("admin")
def users() -> Any:
    return _users_page(200)


@blueprint.post("/admin/users")
@signed_in("admin")
def create_user() -> Any:
    form = request.form
    try:
        user, token = _services().users.create(
            current_person_identity(),
            form.get("email", "").strip(),
            form.get("name", "").strip(),
            form.get("role", ""),
            form.get("centre", "").strip() or None,
        )
    except InvalidInput as error:
        return _users_page(422, problem=error.detail, problem_errors=error.errors)
    return _users_page(201, link=(user.email, _link(token)))


@blueprint.post("/admin/users/<path:email>/<action>")
@signed_in("admin")
def user_action(email: str, action: str) -> Any:
    users_service = _services().users
    try:
        if action == "reset":
            return _users_page(200, link=(email, _link(users_service.reset(current_person_identity(), email))))
        if action == "disable":
            users_service.disable(current_person_identity(), email)
            return redirect(f"/app/admin/users?{urlencode({'done': _('%(who)s is disabled.', who=email)})}", code=303)
    except DirectoryError as error:
        return _users_page(404 if isinstance(error, NotFound) else 422, problem=error.detail, problem_errors={})
    return _users_page(404, problem=_("No action %(action)s.", action=action), problem_errors={})


def _users_page(status: int, **context: Any) -> Any:
    users = _services().users
    found, external = users.list(current_person_identity()), users.external(current_person_identity())
    return page(
        "app/users.html",
        status=status,
        users=found,
        external=external,
        roles=PERSON_ROLES,
        form=request.form,
        **context,
    )


# --- API clients ----------------------------------------------------------------------------------


@blueprint.get("/admin/clients")
@signed_in("admin")
def clients() -> Any:
    return _clients_page(200)


@blueprint.post("/admin/clients")
@signed_in("admin")
def create_client() -> Any:
    form = request.form
    try:
        new = _services().clients.create(
            current_person_identity(),
            form.get("name", ""),
            form.get("role", ""),
            form.get("centre", "").strip() or None,
        )
    except InvalidInput as error:
        return _clients_page(422, problem=error.detail, problem_errors=error.errors)
    return _clients_page(201, created=(new.client.client_id, new.secret))


@blueprint.post("/admin/clients/<client_id>/disable")
@signed_in("admin")
def disable_client(client_id: str) -> Any:
    try:
        _services().clients.disable(current_person_identity(), client_id)
    except DirectoryError as error:
        return _clients_page(404, problem=error.detail, problem_errors={})
    return redirect(f"/app/admin/clients?{urlencode({'done': _('%(who)s is disabled.', who=client_id)})}", code=303)


@blueprint.post("/admin/clients/<client_id>/secret")
@signed_in("admin")
def rotate_client_secret(client_id: str) -> Any:
    try:
        rotated = _services().clients.rotate_secret(current_person_identity(), client_id)
    except DirectoryError as error:
        return _clients_page(404, problem=error.detail, problem_errors={})
    return _clients_page(200, created=(client_id, rotated.secret), rotated=True)


def _clients_page(status: int, **context: Any) -> Any:
    found = _services().clients.list(current_person_identity())
    return page("app/clients.html", status=status, clients=found, roles=list(ROLE_SCOPES), form=request.form, **context)


# --- the audit log --------------------------------------------------------------------------------


@blueprint.get("/admin/audit")
@signed_in("admin", scope="audit:read")
def audit() -> Any:
    args = request.args
    chosen = {name: args.get(name, "").strip() or None for name in AUDIT_FILTERS}
    errors: dict[str, list[str]] = {}
    since = None
    try:
        since = instant(args.get("since", ""))
    except ValueError:
        errors["since"] = [_("Give a date (2026-12-01) or a date and time.")]
    try:
        number = max(1, int(args.get("page") or 1))
    except ValueError:
        number = 1
    found = _services().audit.list(current_person_identity(), AuditFilter(**chosen, since=since), number, PAGE_SIZE)
    users, who = _services().users, current_person_identity()
    people = {user.subject: user.email for user in [*users.list(who), *users.external(who)]}
    return page(
        "app/audit.html",
        found=found,
        people=people,
        chosen={k: v or "" for k, v in chosen.items()},
        since=args.get("since", ""),
        errors=errors,
        page_number=number,
        pages=max(1, -(-found.total // PAGE_SIZE)),
        query_without_page=[(k, v) for k, v in args.items(multi=True) if k != "page"],
    )
