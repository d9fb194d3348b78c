"""The web app for people (coordinators, hospital staff, admins), under ``/app``.

A backend-for-frontend: the browser holds one cookie, the id of a server-side session, and
never a token. Every state-changing request carries the session's CSRF token. Pages call the
same directory services as the REST views, with the signed-in person's identity, so every
policy, audit and validation rule holds unchanged.

The session cookie is ``__Host-pd_session`` (Secure, HttpOnly, SameSite=Lax, Path=/) when
the service is served over HTTPS, and ``pd_session`` without Secure over plain HTTP on one
machine (browsers refuse the ``__Host-`` prefix without Secure).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlparse

import pyotp
from flask import Blueprint, Flask, Response, abort, current_app, g, redirect, render_template, request
from flask_babel import Babel
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from api.oauth.identities import from_session
from api.web import words
from api.web.auth import RelyingParty, SignInFailed, is_local, relying_party
from directory.errors import DirectoryError
from directory.identity import Identity
from directory.models import WebSession

blueprint = Blueprint("web", __name__, url_prefix="/app")

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
#: The languages the app speaks, the first the default.
LANGUAGES = ["en"]


def cookie_name() -> str:
    return "__Host-pd_session" if current_app.config["SETTINGS"].public_url.startswith("https://") else "pd_session"


def _set_cookie(response: Response, sid: str) -> Response:
    https = current_app.config["SETTINGS"].public_url.startswith("https://")
    response.set_cookie(cookie_name(), sid, httponly=True, secure=https, samesite="Lax", path="/")
    return response


def _clear_cookie(response: Response) -> Response:
    response.delete_cookie(cookie_name(), path="/")
    return response


def install(app: Flask) -> None:
    from api.web import admin, pages, reference, site  # noqa: F401  (their routes join the blueprint)

    # English first: every string people see is in a gettext call; catalogues go in
    # api/translations (make messages extracts them).
    Babel(app, locale_selector=lambda: request.accept_languages.best_match(LANGUAGES) or LANGUAGES[0])
    app.extensions["relying_party"] = RelyingParty(app)
    words.install(app)  # the domain's refusals and codes, in the reader's language
    app.jinja_env.tests["cjk"] = lambda text: any("\u3400" <= ch <= "\u9fff" for ch in str(text))
    # A provenance source the service wrote itself ("Verified by ... on ..."): the page already
    # says who and when, in the reader's language.
    app.jinja_env.tests["generated"] = lambda text: str(text).startswith(("Verified by ", "Reported by "))
    app.jinja_env.tests["devanagari"] = lambda text: any("\u0900" <= ch <= "\u097f" for ch in str(text))
    app.register_blueprint(blueprint)
    app.register_blueprint(site.blueprint)
    app.register_blueprint(reference.blueprint)


# --- the session on every request -----------------------------------------------------------------


@blueprint.before_request
def _load_session() -> None:
    services = current_app.extensions["services"]
    sid = request.cookies.get(cookie_name(), "")
    g.sid = sid
    g.session = services.sessions.current(sid) if sid else None
    if g.session is not None and is_local(g.session.issuer) and not services.users.active(g.session.subject):
        services.sessions.end(sid, "account disabled")
        g.session = None
    if request.method in UNSAFE and request.endpoint not in PUBLIC_POSTS:
        sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token", "")
        if g.session is None or not sent or not hmac.compare_digest(sent, g.session.csrf):
            abort(403, _("The form expired or did not come from this site: go back, reload and try again."))


def person() -> WebSession:
    return g.session


def current_person_identity() -> Identity:
    return from_session(person(), g.get("request_id"))


def signed_in(*roles: str, scope: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A page for signed-in people (of one of ``roles``, when given, and whose role grants
    ``scope``, when given: the same scopes the REST views state); others go to sign in."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            row = person()
            if row is None:
                return redirect(f"/app/sign-in?next={request.full_path.rstrip('?')}")
            if row.login.get("must_enrol_totp") and request.endpoint != "web.second_factor":
                return redirect("/app/security/second-factor")
            if roles and row.role not in roles:
                abort(403, _("Your role does not give access to this page."))
            if scope is not None and scope not in current_person_identity().scopes:
                abort(403, _("Your role does not give access to this page."))
            return view(*args, **kwargs)

        return wrapped

    return decorator


#: The main navigation: (path, text, the scope it needs, the roles it is for).
NAV = (
    ("/app/", _l("Home"), None, None),
    ("/app/match", _l("Match"), "match", None),
    ("/app/centres", _l("Centres"), "centres:read", ("admin", "coordinator")),
    ("/app/referrals", _l("Referrals"), "referrals:read", None),
    ("/app/notifications", _l("Notifications"), "referrals:read", None),
    ("/app/review", _l("Review"), "capabilities:verify", None),
    ("/app/admin/users", _l("People"), None, ("admin",)),
    ("/app/admin/clients", _l("API clients"), None, ("admin",)),
    ("/app/admin/audit", _l("Audit log"), "audit:read", ("admin",)),
)


def navigation() -> list[tuple[str, str]]:
    row = person()
    if row is None:
        return []
    scopes = current_person_identity().scopes
    found = [
        (path, text)
        for path, text, scope, roles in NAV
        if (scope is None or scope in scopes) and (roles is None or row.role in roles)
    ]
    if row.role == "partner" and row.centre:
        found.insert(1, (f"/app/centres/{row.centre}", _("Your centre")))
    return found


def page(template: str, status: int = 200, **context: Any) -> Response:
    html = render_template(template, me=person(), nav=navigation(), **context)
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


# --- signing in and out ---------------------------------------------------------------------------


def _safe_next(target: str | None) -> str:
    """Only a path of this app: never an open redirect."""
    if not target or not target.startswith("/app") or urlparse(target).netloc or target.startswith("//"):
        return "/app/"
    return target


@blueprint.get("/sign-in")
def sign_in() -> Any:
    if person() is not None:
        return redirect(_safe_next(request.args.get("next")))
    try:
        start = relying_party().start(_safe_next(request.args.get("next")))
    except SignInFailed as error:
        return page("app/message.html", status=503, title=_("Sign-in unavailable"), message=str(error))
    sid = current_app.extensions["services"].sessions.begin(start.login)
    return _set_cookie(redirect(start.url), sid)


@blueprint.get("/auth/callback")
def callback() -> Any:
    services = current_app.extensions["services"]
    login = services.sessions.pending(g.sid) if g.sid else None
    if login is None:
        return _not_signed_in(
            400, _("Sign-in expired"), _("The sign-in took too long or was started elsewhere: please sign in again.")
        )
    if request.args.get("error"):
        return _not_signed_in(401, _("Not signed in"), _("The identity provider did not sign you in."))
    try:
        found, id_token = relying_party().finish(login, request.args.get("code", ""), request.args.get("state", ""))
    except SignInFailed as error:
        return _not_signed_in(401, _("Not signed in"), str(error))
    sid = services.sessions.activate(g.sid, found, id_token)
    if sid is None:
        return _not_signed_in(400, _("Sign-in expired"), _("Please sign in again."))
    target = login.get("return_to") or "/app/"
    config = current_app.config["SETTINGS"]
    if is_local(found.issuer) and found.role in config.web_totp_roles:
        user = services.users.get(found.subject)
        if user is not None and not user.totp_secret:
            services.sessions.require_totp_enrolment(sid)
            target = "/app/security/second-factor"
    return _set_cookie(redirect(target), sid)


def _not_signed_in(status: int, title: str, message: str) -> Response:
    """The sign-in did not complete: say why, and offer to start again."""
    return page("app/message.html", status=status, title=title, message=message, link=("/app/sign-in", _("Sign in")))


@blueprint.post("/sign-out")
def sign_out() -> Any:
    ended = current_app.extensions["services"].sessions.end(g.sid, "sign-out")
    back = f"{current_app.config['SETTINGS'].public_url}/app/signed-out"
    there = relying_party().end_session_url(ended.id_token if ended else None, back)
    return _clear_cookie(redirect(there or "/app/signed-out"))


@blueprint.get("/signed-out")
def signed_out() -> Any:
    return page(
        "app/message.html", title=_("Signed out"), message=_("You are signed out."), link=("/app/sign-in", _("Sign in"))
    )


# --- a password, a second factor --------------------------------------------------------------------


@blueprint.route("/password/<token>", methods=["GET", "POST"])
def set_password(token: str) -> Any:
    users = current_app.extensions["services"].users
    holder = users.link_holder(token)
    if holder is None:
        return page(
            "app/message.html",
            status=404,
            title=_("Link not valid"),
            message=_("This link is not valid any more: ask an admin for a new one."),
        )
    if request.method == "GET":
        return page("app/password.html", email=holder.email, errors=[])
    password, again = request.form.get("password", ""), request.form.get("password_again", "")
    if password != again:
        return page("app/password.html", status=422, email=holder.email, errors=[_("The two passwords differ.")])
    try:
        users.set_password(token, password)
    except DirectoryError as error:
        problems = getattr(error, "errors", {}).get("password", [error.detail])
        return page("app/password.html", status=422, email=holder.email, errors=problems)
    return page(
        "app/message.html",
        title=_("Password set"),
        message=_("Your password is set."),
        link=("/app/sign-in", _("Sign in")),
    )


@blueprint.route("/security/second-factor", methods=["GET", "POST"])
@signed_in()
def second_factor() -> Any:
    services = current_app.extensions["services"]
    me = person()
    if not is_local(me.issuer):
        abort(404)  # an external provider handles its own second factors
    secret = me.login.get("totp_secret") or services.users.new_totp_secret()
    if "totp_secret" not in me.login:
        services.sessions.remember(g.sid, totp_secret=secret)
    if request.method == "POST":
        if services.users.enroll_totp(me.subject, secret, request.form.get("code", "")):
            services.sessions.remember(g.sid, must_enrol_totp=False, totp_secret=None)
            return redirect("/app/")
        return page(
            "app/second_factor.html",
            status=422,
            secret=secret,
            uri=_otp_uri(secret, me.email or ""),
            error=_("That code is not right: enter the current one."),
        )
    return page("app/second_factor.html", secret=secret, uri=_otp_uri(secret, me.email or ""), error=None)


def _otp_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name="Partner Directory")


# --- pages ---------------------------------------------------------------------------------------


@blueprint.errorhandler(403)
@blueprint.errorhandler(404)
def _refused(error: Any) -> Response:
    title = _("Not allowed") if error.code == 403 else _("Not found")
    return page("app/message.html", status=error.code, title=title, message=error.description)


#: Posts that need no session (the person is not signed in yet).
PUBLIC_POSTS = frozenset({"web.set_password"})
