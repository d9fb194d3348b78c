"""The built-in server's sign-in page: where a person with a local account proves who they are
before the server hands the web app an authorization code.

``GET /oauth/authorize`` checks the authorization request (client, redirect URI, PKCE S256,
scope) and shows the form; ``POST`` checks the password (throttled, with lockout, audited) and
the second factor when the account has one, then redirects back to the web app with a code.
The form carries a double-submit token (a cookie and a field) against login CSRF.

When people sign in at an external provider instead (``WEB_OIDC_ISSUER``), none of this is
served.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from authlib.oauth2 import OAuth2Error
from flask import Blueprint, Response, abort, current_app, redirect, render_template, request
from flask_babel import gettext as _

from api.oauth.server import Account, OAuth
from api.web.words import translated

blueprint = Blueprint("signin", __name__)

#: The double-submit cookie of the sign-in form (only ever sent back to /oauth).
FORM_COOKIE = "pd_signin"


@blueprint.before_request
def _limit() -> None:
    current_app.extensions["rate_limits"].oauth(request.remote_addr or "unknown")


def _oauth() -> OAuth:
    oauth: OAuth = current_app.extensions["oauth"]
    if oauth.web is None:
        abort(404)  # people sign in at the external provider
    return oauth


def _form(error: str | None = None, status: int = 200, email: str = "") -> Response:
    token = secrets.token_urlsafe(24)
    page = render_template("sign_in.html", error=error, form_token=token, email=email, action=request.full_path)
    response = Response(page, status=status, mimetype="text/html")
    response.set_cookie(
        FORM_COOKIE,
        token,
        httponly=True,
        samesite="Strict",
        secure=request.is_secure,
        path="/oauth",
        max_age=900,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/oauth/authorize")
def authorize_page() -> Any:
    oauth = _oauth()
    try:
        oauth.server.get_consent_grant(end_user=None)
    except OAuth2Error as error:
        return oauth.server.handle_error_response(None, error)
    return _form()


@blueprint.post("/oauth/authorize")
def authorize() -> Any:
    oauth = _oauth()
    sent, kept = request.form.get("form_token", ""), request.cookies.get(FORM_COOKIE, "")
    if not sent or not kept or not hmac.compare_digest(sent, kept):
        return _form(_("The form expired: please sign in again."), status=400)
    try:
        grant = oauth.server.get_consent_grant(end_user=None)
    except OAuth2Error as error:
        return oauth.server.handle_error_response(None, error)
    services = current_app.extensions["services"]
    email = request.form.get("email", "")[:254]
    result = services.users.check_password(oauth.web.client_id, email, request.form.get("password", "")[:1000])
    if result.user is None:
        return _form(translated(result.refusal), status=401, email=email)
    user = result.user
    if user.totp_secret:
        code = request.form.get("code", "")[:12]
        if not code or not services.users.totp_matches(user.id, code):
            return _form(_("Enter the current code from your authenticator app."), status=401, email=email)
    services.users.signed_in(oauth.web.client_id, user)
    response = oauth.server.create_authorization_response(grant=grant, grant_user=Account(user))
    response.delete_cookie(FORM_COOKIE, path="/oauth")
    return response


@blueprint.get("/oauth/sign-out")
def sign_out() -> Any:
    """The end-session endpoint. The built-in server keeps no session of its own (each
    sign-in asks for the password), so there is nothing to end here but the way back."""
    oauth = _oauth()
    back = request.args.get("post_logout_redirect_uri", "")
    mine = oauth.web.redirect_uri.rsplit("/auth/callback", 1)[0]
    if back.startswith(mine + "/"):
        return redirect(back)
    return redirect(f"{mine}/signed-out")
