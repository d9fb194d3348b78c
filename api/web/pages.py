"""The pages people work in: centre search, a centre, the case match, referrals.

Each page is a thin view: it reads the form, calls the same service the REST view calls with
the signed-in person's identity, and renders. Reading works without JavaScript; htmx (vendored)
only swaps result lists in place.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from flask import abort, current_app, redirect, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from api import schemas
from api.web import blueprint, current_person_identity, page, signed_in
from api.web.forms import Loaded, capability_input, details_input, instant, match_input, referral_input, service_input
from api.web.words import word
from directory import policy, rules, workflow
from directory.errors import Conflict, DirectoryError, InvalidInput, NotFound, PermissionDenied, PreconditionFailed
from directory.services.centres import CentreFilter
from directory.services.referrals import ReferralFilter
from search.queries import SearchRequest
from search.ranking import language_bases
from search.service import match_answer

PAGE_SIZE = 20
#: Each case field's help text, as the API documents it.
CASE_HELP = {name: f.metadata.get("description", "") for name, f in schemas.CaseProfileSchema().fields.items()}
#: Facets shown beside search results, in order, with their headings.
FACETS = (
    ("country", _l("Country")),
    ("site", _l("Lesion site")),
    ("capability", _l("Capability")),
    ("language", _l("Language")),
)


def _services() -> Any:
    return current_app.extensions["services"]


def _search() -> Any:
    return current_app.extensions["search"]


def _vocabulary() -> Any:
    return _search().vocabulary()


def _names() -> dict[str, str]:
    """Code -> label for the vocabulary's codes, so pages speak its words."""
    return _vocabulary().code_labels


def _int(value: str | None, default: int, lowest: int = 1, highest: int = 10_000) -> int:
    try:
        return min(max(int(value or default), lowest), highest)
    except ValueError:
        return default


def _refused(error: DirectoryError) -> Any:
    status = 404 if isinstance(error, NotFound) else 403
    return page(
        "app/message.html",
        status=status,
        title=_("Not found") if status == 404 else _("Not allowed"),
        message=error.detail,
    )


# --- home ---------------------------------------------------------------------------------------


@blueprint.get("/")
@signed_in()
def home() -> Any:
    identity = current_person_identity()
    inbox = None
    if "referrals:read" in identity.scopes:
        inbox = _services().referrals.list(identity, ReferralFilter(statuses=workflow.OPEN), 1, 5)
    return page("app/home.html", inbox=inbox)


# --- centre search ------------------------------------------------------------------------------


@blueprint.get("/centres")
@signed_in(scope="centres:read")
def centres() -> Any:
    args = request.args
    chosen = {name: tuple(args.getlist(name)) for name, _ in FACETS}
    search_request = SearchRequest(
        q=args.get("q", "").strip() or None,
        countries=chosen["country"],
        sites=chosen["site"],
        capabilities=chosen["capability"],
        languages=tuple(language_bases(chosen["language"])),
        vetting_status=args.get("vetting_status") or None,
        page=_int(args.get("page"), 1),
        page_size=PAGE_SIZE,
    )
    result = _search().search(search_request)
    hits = result.hits
    pages = max(1, -(-hits.total // PAGE_SIZE))
    template = "app/_centre_results.html" if request.headers.get("HX-Request") else "app/centres.html"
    return page(
        template,
        q=search_request.q or "",
        chosen=chosen,
        vetting_status=search_request.vetting_status or "",
        facets=[(name, heading, hits.facets.get(name, [])) for name, heading in FACETS],
        hits=hits.hits,
        total=hits.total,
        page_number=search_request.page,
        pages=pages,
        degraded=result.answer.degraded,
        names=_names(),
        query_without_page=[(k, v) for k, v in args.items(multi=True) if k != "page"],
    )


# --- one centre ---------------------------------------------------------------------------------


@blueprint.get("/centres/<slug>")
@signed_in(scope="centres:read")
def centre(slug: str) -> Any:
    return _centre_page(slug)


def _centre_page(slug: str, status: int = 200, **context: Any) -> Any:
    identity = current_person_identity()
    try:
        found = _services().centres.get(identity, slug)
    except DirectoryError as error:
        return _refused(error)
    shown = schemas.CentreSchema().dump(found)
    history = [
        {**change, "fields": differences(change["changes"])}
        for change in _services().centres.changes_since(identity, slug, 0, ("centre.vetting", "centre.lapse"))
    ]
    return page(
        "app/centre.html",
        history=history,
        status=status,
        centre=shown,
        names=_names(),
        can_verify="capabilities:verify" in identity.scopes,
        can_edit=_may_edit(slug),
        can_vet="vetting:write" in identity.scopes,
        **context,
    )


@blueprint.post("/centres/<slug>/vetting")
@signed_in(scope="vetting:write")
def vet(slug: str) -> Any:
    form = request.form
    status, reason = form.get("status", ""), form.get("reason", "").strip() or None
    return _write(
        slug,
        lambda identity, version: _services().centres.set_vetting(identity, slug, status, reason, version),
        _("Vetting set to %(status)s.", status=word(status, "vetting")),
    )


@blueprint.post("/centres/<slug>/<any(capabilities, services):kind>/<code>/verification")
@signed_in(scope="capabilities:verify")
def verify(slug: str, kind: str, code: str) -> Any:
    note = request.form.get("note", "").strip() or None
    centres = _services().centres
    check = centres.verify_capability if kind == "capabilities" else centres.verify_service
    done = (
        _("%(what)s is verified.", what=_names().get(code, code))
        if kind == "capabilities"
        else _("The service offering is verified.")
    )
    return _write(slug, lambda identity, version: check(identity, slug, code, version, note), done)


def _write(slug: str, change: Any, done: str, editing: bool = False) -> Any:
    """A change to a centre made against the version the person saw (the form's ``version``:
    ``If-Match`` behind the scenes). When someone else changed the centre meanwhile, the page
    shows the centre as it is now and offers the same change again."""
    identity = current_person_identity()
    version = _int(request.form.get("version"), 0, 0, 2**31)
    again = _edit_page if editing else _centre_page
    try:
        change(identity, version)
    except PreconditionFailed:
        form = [(k, v) for k, v in request.form.items(multi=True) if k != "version"]
        changed = [
            {**change, "fields": differences(change["changes"])}
            for change in _services().centres.changes_since(identity, slug, version)
        ]
        return again(slug, status=409, conflict={"action": request.path, "form": form, "changed": changed})
    except InvalidInput as error:
        return again(slug, status=422, problem=error.detail, problem_errors=error.errors)
    except (NotFound, PermissionDenied) as error:
        return _refused(error)
    except Conflict as error:
        return again(slug, status=409, problem=error.detail, problem_errors={})
    back = "/app/review" if request.form.get("back") == "review" else f"/app/centres/{slug}{'/edit' if editing else ''}"
    return redirect(f"{back}?{urlencode({'done': done})}", code=303)


def differences(changes: Any, name: str = "") -> list[tuple[str, Any, Any]]:
    """An audit event's changes as (field, before, after), one per value that differs: the
    ``{"from": ..., "to": ...}`` pairs followed down to their leaves."""
    found: list[tuple[str, Any, Any]] = []
    if isinstance(changes, dict) and set(changes) == {"from", "to"}:
        before, after = changes["from"], changes["to"]
        if isinstance(before, dict) and isinstance(after, dict):
            for key in sorted(set(before) | set(after)):
                found += differences({"from": before.get(key), "to": after.get(key)}, f"{name} {key}".strip())
        elif before != after:
            found.append((name.replace("_", " "), before, after))
    elif isinstance(changes, dict):
        for key, value in changes.items():
            found += differences(value, f"{name} {key}".strip())
    else:
        found.append((name.replace("_", " "), None, changes))
    return found


# --- a centre's own staff keep it current ----------------------------------------------------------


def _may_edit(slug: str) -> bool:
    identity = current_person_identity()
    return "capabilities:write" in identity.scopes and policy.allowed(identity, "capability.write", slug)


@blueprint.get("/centres/<slug>/edit")
@signed_in(scope="capabilities:write")
def edit_centre(slug: str) -> Any:
    return _edit_page(slug)


def _edit_page(slug: str, status: int = 200, **context: Any) -> Any:
    identity = current_person_identity()
    if not _may_edit(slug):
        abort(403, _("You may change only your own centre."))
    try:
        found = _services().centres.get(identity, slug)
    except DirectoryError as error:
        return _refused(error)
    shown = schemas.CentreSchema().dump(found)
    return page(
        "app/centre_edit.html",
        status=status,
        centre=shown,
        reported={c["code"]: c for c in shown["capabilities"]},
        vocabulary=_vocabulary(),
        names=_names(),
        fields=policy.CENTRE_FIELDS.get(identity.role, frozenset()) & DETAILS,
        submitted=request.form if request.method == "POST" else None,
        **context,
    )


#: The details the edit page offers (the rest belong to admins and coordinators).
DETAILS = frozenset({"contact", "languages", "accepting_referrals"})


@blueprint.post("/centres/<slug>/capabilities/<code>")
@signed_in(scope="capabilities:write")
def save_capability(slug: str, code: str) -> Any:
    label = _names().get(code, code)
    if request.form.get("status") == "not-reported":
        return _write(
            slug,
            lambda identity, version: _services().centres.remove_capability(identity, slug, code, version),
            _("%(what)s: removed.", what=label),
            editing=True,
        )
    loaded = capability_input(request.form)
    if not loaded.ok:
        return _edit_page(slug, status=422, failed=f"capability-{code}", problem_errors=loaded.errors)
    status, notes = loaded.data["status"], loaded.data.get("notes")
    return _write(
        slug,
        lambda identity, version: _services().centres.set_capability(identity, slug, code, status, notes, version),
        _("%(what)s: saved as %(status)s.", what=label, status=word(status, "capability")),
        editing=True,
    )


@blueprint.post("/centres/<slug>/services/<code>")
@signed_in(scope="capabilities:write")
def save_service(slug: str, code: str) -> Any:
    loaded = service_input(request.form)
    if not loaded.ok:
        return _edit_page(slug, status=422, failed=f"service-{code}", problem_errors=loaded.errors)
    return _write(
        slug,
        lambda identity, version: _services().centres.set_service(identity, slug, code, loaded.data, version),
        _("The service offering is saved."),
        editing=True,
    )


@blueprint.post("/centres/<slug>/details")
@signed_in(scope="centres:write")
def save_details(slug: str) -> Any:
    fields = policy.CENTRE_FIELDS.get(current_person_identity().role, frozenset()) & DETAILS
    loaded = details_input(request.form, fields)
    if not loaded.ok:
        return _edit_page(slug, status=422, failed="details", problem_errors=loaded.errors)
    return _write(
        slug,
        lambda identity, version: _services().centres.update(identity, slug, loaded.data, version),
        _("The details are saved."),
        editing=True,
    )


# --- the case match -----------------------------------------------------------------------------


@blueprint.get("/match")
@signed_in(scope="match")
def match() -> Any:
    context: dict[str, Any] = {
        "form": request.args,
        "vocabulary": _vocabulary(),
        "names": _names(),
        "answer": None,
        "help": CASE_HELP,
        "extents": rules.DISEASE_EXTENTS,
        "can_refer": "referrals:write" in current_person_identity().scopes,
    }
    if "lesion_site" not in request.args:
        return page("app/match.html", errors={}, **context)
    loaded = match_input(request.args)
    if not loaded.ok:
        return page("app/match.html", status=422, errors=loaded.errors, **context)
    data = loaded.data
    profile = {k: v for k, v in data.items() if k not in ("waive", "explain")}
    try:
        result = _search().match(current_person_identity(), profile, data["waive"], data["explain"])
    except InvalidInput as error:
        return page("app/match.html", status=422, errors=error.errors, problem=error.detail, **context)
    case = {k: v for k, v in profile.items() if k not in ("include_near_misses", "limit")}
    context["answer"] = match_answer(result, explain=bool(data["explain"]))
    compared = [r for r in context["answer"]["results"] if r["centre"]["slug"] in request.args.getlist("compare")]
    context["compared"] = compared if len(compared) >= 2 else []
    context["case_json"] = json.dumps(schemas.CaseProfileSchema().dump(case), separators=(",", ":"))
    return page("app/match.html", errors={}, **context)


# --- referrals ----------------------------------------------------------------------------------


@blueprint.post("/referrals")
@signed_in(scope="referrals:write")
def refer() -> Any:
    """Refer the matched case to a centre: from a match result's "Refer" form."""
    try:
        case = json.loads(request.form.get("case", ""))
    except ValueError:
        abort(400, _("The case did not come with the form: match again, then refer."))
    loaded: Loaded = referral_input(request.form, case if isinstance(case, dict) else {})
    if not loaded.ok:
        return page("app/refer.html", status=422, errors=loaded.errors, form=request.form, names=_names())
    data = loaded.data
    snapshot = _search().explain_centre(data["profile"], data["centre"])
    try:
        created = _services().referrals.create(current_person_identity(), data, snapshot, None)
    except InvalidInput as error:
        return page(
            "app/refer.html", status=422, errors=error.errors, problem=error.detail, form=request.form, names=_names()
        )
    except (NotFound, PermissionDenied) as error:
        return _refused(error)
    return redirect(f"/app/referrals/{created.referral.id}", code=303)


@blueprint.get("/referrals")
@signed_in(scope="referrals:read")
def referrals() -> Any:
    args = request.args
    statuses = tuple(s for s in args.getlist("status") if s in workflow.STATUSES)
    errors: dict[str, list[str]] = {}
    since = None
    try:
        since = instant(args.get("updated_since", ""))
    except ValueError:
        errors["updated_since"] = [_("Give a date (2026-12-01) or a date and time.")]
    filters = ReferralFilter(statuses=statuses, centre=args.get("centre") or None, updated_since=since)
    found = _services().referrals.list(current_person_identity(), filters, _int(args.get("page"), 1), PAGE_SIZE)
    return page(
        "app/referrals.html",
        found=found,
        page_number=found.page,
        pages=max(1, -(-found.total // PAGE_SIZE)),
        query_without_page=[(k, v) for k, v in args.items(multi=True) if k != "page"],
        statuses=workflow.STATUSES,
        chosen=statuses,
        centre=args.get("centre", ""),
        updated_since=args.get("updated_since", ""),
        errors=errors,
    )


@blueprint.get("/referrals/<referral_id>")
@signed_in(scope="referrals:read")
def referral(referral_id: str) -> Any:
    return _referral_page(referral_id)


def _referral_page(referral_id: str, status: int = 200, **context: Any) -> Any:
    identity = current_person_identity()
    services = _services()
    try:
        found = services.referrals.get(identity, referral_id)
    except DirectoryError as error:
        return _refused(error)
    allowed = services.referrals.allowed_for(identity, found)
    return page(
        "app/referral.html",
        status=status,
        referral=found,
        allowed=allowed,
        rejection_codes=workflow.REJECTION_CODES,
        names=_names(),
        can_message=bool({"referrals:write", "referrals:respond"} & identity.scopes),
        **context,
    )


@blueprint.post("/referrals/<referral_id>/transition")
@signed_in(scope="referrals:read")
def transition(referral_id: str) -> Any:
    form = request.form
    identity = current_person_identity()
    try:
        _services().referrals.transition(
            identity,
            referral_id,
            form.get("to", ""),
            form.get("reason", "").strip() or None,
            form.get("reason_code") or None,
            _int(form.get("version"), 0, 0, 2**31),
        )
    except PreconditionFailed:
        return _referral_page(
            referral_id,
            status=409,
            problem=_("Someone changed this referral meanwhile: here it is as it is now. Choose again."),
        )
    except (InvalidInput, Conflict) as error:
        errors = getattr(error, "errors", {})
        return _referral_page(
            referral_id, status=409 if isinstance(error, Conflict) else 422, problem=error.detail, problem_errors=errors
        )
    except (NotFound, PermissionDenied) as error:
        return _refused(error)
    return redirect(f"/app/referrals/{referral_id}", code=303)


@blueprint.post("/referrals/<referral_id>/messages")
@signed_in(scope="referrals:read")
def message(referral_id: str) -> Any:
    body = request.form.get("body", "").strip()
    loaded = schemas.MessageInputSchema().validate({"body": body})
    if loaded:
        return _referral_page(
            referral_id, status=422, problem=_("The message cannot be sent."), problem_errors=loaded, message_body=body
        )
    try:
        _services().referrals.post_message(current_person_identity(), referral_id, body)
    except InvalidInput as error:
        return _referral_page(
            referral_id, status=422, problem=error.detail, problem_errors=error.errors, message_body=body
        )
    except (NotFound, PermissionDenied) as error:
        return _refused(error)
    return redirect(f"/app/referrals/{referral_id}#messages", code=303)


# --- notifications --------------------------------------------------------------------------------


@blueprint.get("/notifications")
@signed_in()
def notifications() -> Any:
    """What the person was told by e-mail (new referrals, status changes, messages)."""
    number = _int(request.args.get("page"), 1)
    found = _services().notifications.mine(current_person_identity(), number, PAGE_SIZE)
    return page(
        "app/notifications.html",
        found=found,
        page_number=found.page,
        pages=max(1, -(-found.total // PAGE_SIZE)),
        query_without_page=[],
    )


# --- the coordinators' review queue ---------------------------------------------------------------

#: How far ahead the queue shows vetting reviews falling due.
REVIEW_HORIZON = timedelta(days=60)


@blueprint.get("/review")
@signed_in(scope="capabilities:verify")
def review() -> Any:
    """Facts hospitals reported that nobody checked yet, and vettings falling due."""
    identity = current_person_identity()
    services = _services()
    facts = services.centres.facts(identity, "self-reported", _int(request.args.get("page"), 1), 100)
    due = services.centres.list(identity, CentreFilter(review_due_before=date.today() + REVIEW_HORIZON), 1, 100)
    return page("app/review.html", facts=facts, due=due, names=_names(), horizon=REVIEW_HORIZON.days)
