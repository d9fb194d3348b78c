"""Centres: the directory's records, their capabilities, service offerings and vetting."""

from __future__ import annotations

from typing import Any

from flask import request
from flask.views import MethodView

from api import schemas
from api.etags import ETAG, IF_MATCH_PARAMETER, IF_NONE_MATCH_PARAMETER, etag, if_match_version
from api.oauth import current_identity, requires
from api.problems import ProblemError, ProblemSchema, field_errors
from api.resources import Blueprint, known_codes, merge_patch, not_modified, services
from directory.models import Centre
from directory.services.centres import CentreFilter

blp = Blueprint("centres", __name__, url_prefix="/v1/centres", description="Partner centres.")

WRITE_DOC = {"parameters": [IF_MATCH_PARAMETER]}
#: A JSON merge patch (RFC 7396) may come as application/merge-patch+json or application/json.
PATCH_DOC = {"parameters": [IF_MATCH_PARAMETER]}

#: The path parameters, as the document describes them (their schemas come from the converters).
SLUG = {"in": "path", "name": "slug", "description": "The centre's slug (its id in URLs).", "example": "pumch"}
CAPABILITY_CODE = {
    "in": "path",
    "name": "code",
    "description": "A capability code of the vocabulary (GET /v1/vocabulary); an unknown one is a 404.",
    "example": "hydrodissection",
}
SERVICE_CODE = {
    "in": "path",
    "name": "code",
    "description": "A service code of the vocabulary (GET /v1/vocabulary); an unknown one is a 404.",
    "example": "bone-cryoablation",
}


def merged(schema: Any, current: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """Apply a JSON merge patch (RFC 7396) to a fact's fields, then check the whole result as a
    PUT would: a patch can never leave a fact a PUT could not write."""
    result = merge_patch(current, patch)
    errors = schema.validate(result)
    if errors:
        raise ProblemError(422, "The patched result is not valid: see errors.", errors=field_errors(errors))
    return schema.load(result)


def tagged(centre: Centre, status: int = 200) -> tuple[Centre, int, dict[str, str]]:
    return centre, status, {"ETag": etag(centre.slug, centre.version)}


@blp.route("")
class Centres(MethodView):
    @blp.doc(operationId="listCentres")
    @requires("centres:read")
    @blp.arguments(schemas.CentreQuerySchema, location="query", error_status_code=400)
    @blp.response(200, schemas.CentrePageSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """List centres, filtered; all filters must hold. Ordered by slug. With
        review_due_before: the vettings falling due (the coordinators' review queue).

        Every role may call it (scope centres:read). Answers a page of centres, each as
        ``GET /v1/centres/{slug}`` shows it: details, capabilities and service offerings with
        their provenance, vetting and version. A site or capability code that is not the
        vocabulary's, an unknown parameter, or one that takes a single value given twice, is a
        400."""
        known_codes(query)
        filters = CentreFilter(
            country=query.get("country"),
            city=query.get("city"),
            sites=tuple(query.get("site", ())),
            capabilities=tuple(query.get("capability", ())),
            vetting_status=query.get("vetting_status"),
            accepting_referrals=query.get("accepting_referrals"),
            languages=tuple(query.get("language", ())),
            q=query.get("q"),
            review_due_before=query.get("review_due_before"),
            demo=query.get("demo"),
        )
        return services().centres.list(current_identity(), filters, query["page"], query["page_size"])

    @blp.doc(operationId="createCentre")
    @requires("centres:write")
    @blp.arguments(schemas.CentreCreateSchema)
    @blp.response(201, schemas.CentreSchema, headers=ETAG)
    @blp.alt_response(409, schema=ProblemSchema, description="A centre with this slug exists already.")
    def post(self, data: dict[str, Any]) -> Any:
        """Add a centre (admin, coordinator). It starts pending vetting.

        Admins and coordinators may call it (scope centres:write); a partner is refused (403).
        Answers the new centre (201) with its ETag and its Location. A slug that is taken
        already is a 409; a field that breaks its rules is a 422."""
        centre, status, headers = tagged(services().centres.create(current_identity(), data), 201)
        return centre, status, {**headers, "Location": f"/v1/centres/{centre.slug}"}


@blp.route("/<slug:slug>", parameters=[SLUG])
class CentreResource(MethodView):
    @blp.doc(operationId="getCentre")
    @requires("centres:read")
    @blp.response(200, schemas.CentreSchema, headers=ETAG)
    @blp.doc(parameters=[IF_NONE_MATCH_PARAMETER])
    @blp.alt_response(304, description="Not modified: If-None-Match names the current version.", headers=ETAG)
    def get(self, slug: str) -> Any:
        """One centre, with its ETag.

        Every role may call it (scope centres:read). Answers the centre with its capabilities,
        service offerings, vetting and the provenance of each fact; the ETag names its version,
        for If-Match on a write. With If-None-Match naming the current version: 304, no body. No
        such centre: 404."""
        centre = services().centres.get(current_identity(), slug)
        tag = etag(centre.slug, centre.version)
        if tag.strip('"') in request.if_none_match:
            return not_modified(tag)
        return tagged(centre)

    @blp.doc(operationId="updateCentre")
    @requires("centres:write")
    @blp.doc(**WRITE_DOC)
    @blp.arguments(schemas.CentrePatchSchema)
    @blp.response(200, schemas.CentreSchema, headers=ETAG)
    def patch(self, changes: dict[str, Any], slug: str) -> Any:
        """Change a centre's details. A partner may change only its own centre's contact,
        languages and accepting_referrals.

        Admins and coordinators may change any field of any centre; a partner only those three
        of its own centre (scope centres:write): another field is a 422, another centre a 403.
        The fields sent replace the current ones; the others stay. Send the ETag you read as
        If-Match: without it 428, with a version that is no longer current 412. Answers the
        centre with its new ETag."""
        version = if_match_version(slug)
        return tagged(services().centres.update(current_identity(), slug, changes, version))


@blp.route("/<slug:slug>/capabilities/<slug:code>", parameters=[SLUG, CAPABILITY_CODE])
class CapabilityResource(MethodView):
    @blp.doc(operationId="putCapability")
    @requires("capabilities:write")
    @blp.doc(**WRITE_DOC)
    @blp.arguments(schemas.CapabilityInputSchema)
    @blp.response(200, schemas.CentreSchema, headers=ETAG)
    def put(self, data: dict[str, Any], slug: str, code: str) -> Any:
        """Report a capability. From a partner it is self-reported; verification is reset.

        Coordinators for any centre, partners for their own (scope capabilities:write). Creates
        the capability or replaces it. A code that is not the vocabulary's is a 404; without
        If-Match 428, with a stale one 412. Answers the centre with its new ETag."""
        version = if_match_version(slug)
        centre = services().centres.set_capability(
            current_identity(), slug, code, data["status"], data.get("notes"), version
        )
        return tagged(centre)

    @blp.doc(operationId="updateCapability")
    @requires("capabilities:write")
    @blp.doc(**PATCH_DOC)
    @blp.arguments(schemas.CapabilityPatchSchema)
    @blp.response(200, schemas.CentreSchema, headers=ETAG)
    def patch(self, patch: dict[str, Any], slug: str, code: str) -> Any:
        """Change some of a capability's fields (JSON merge patch); the others stay. Reported
        like a PUT: from a partner it is self-reported.

        Coordinators for any centre, partners for their own (scope capabilities:write). Send
        the body as application/merge-patch+json (or application/json): null clears notes. A
        capability the centre does not report is a 404 (PUT it first); a result a PUT could not
        write is a 422; without If-Match 428, with a stale one 412. Answers the centre with its
        new ETag."""
        version = if_match_version(slug)
        current = services().centres.get(current_identity(), slug).capability(code)
        if current is None:
            raise ProblemError(404, f"Centre {slug!r} reports no capability {code!r}: PUT it first.")
        data = merged(schemas.CapabilityInputSchema(), {"status": current.status, "notes": current.notes}, patch)
        centre = services().centres.set_capability(
            current_identity(), slug, code, data["status"], data.get("notes"), version
        )
        return tagged(centre)

    @blp.doc(operationId="deleteCapability")
    @requires("capabilities:write")
    @blp.doc(**WRITE_DOC)
    @blp.response(200, schemas.CentreSchema, headers=ETAG)
    def delete(self, slug: str, code: str) -> Any:
        """Withdraw a capability.

        Coordinators for any centre, partners for their own (scope capabilities:write). A
        capability the centre does not report is a 404; without If-Match 428, with a stale one
        412. Answers the centre without it, with its new ETag."""
        version = if_match_version(slug)
        return tagged(services().centres.remove_capability(current_identity(), slug, code, version))


@blp.route("/<slug:slug>/capabilities/<slug:code>/verification", parameters=[SLUG, CAPABILITY_CODE])
class CapabilityVerification(MethodView):
    @blp.doc(operationId="verifyCapability")
    @requires("capabilities:verify")
    @blp.doc(**WRITE_DOC)
    @blp.arguments(schemas.VerificationInputSchema, required=False)
    @blp.response(200, schemas.CentreSchema, headers=ETAG)
    def post(self, data: dict[str, Any], slug: str, code: str) -> Any:
        """Mark a capability as verified by a coordinator (the version you checked).

        Coordinators only (scope capabilities:verify). The body is optional: its note is kept
        as the evidence; the fact's source becomes this verification. If-Match names the version
        you checked: without it 428; if the centre changed since, 412 (check again). A
        capability the centre does not report is a 404. Answers the centre with its new ETag."""
        version = if_match_version(slug)
        centre = services().centres.verify_capability(current_identity(), slug, code, version, data.get("note"))
        return tagged(centre)


@blp.route("/<slug:slug>/services/<slug:code>", parameters=[SLUG, SERVICE_CODE])
class ServiceResource(MethodView):
    @blp.doc(operationId="putService")
    @requires("capabilities:write")
    @blp.doc(**WRITE_DOC)
    @blp.arguments(schemas.ServiceInputSchema)
    @blp.response(200, schemas.CentreSchema, headers=ETAG)
    def put(self, data: dict[str, Any], slug: str, code: str) -> Any:
        """Report a service offering: sites treated, volume, cost, wait and imaging.

        Coordinators for any centre, partners for their own (scope capabilities:write); from a
        partner it is self-reported. Creates the offering or replaces it. A service code that is
        not the vocabulary's is a 404; a site the service does not treat, or an imaging code that
        is not an imaging capability, is a 422; without If-Match 428, with a stale one 412.
        Answers the centre with its new ETag."""
        version = if_match_version(slug)
        return tagged(services().centres.set_service(current_identity(), slug, code, data, version))

    @blp.doc(operationId="updateService")
    @requires("capabilities:write")
    @blp.doc(**PATCH_DOC)
    @blp.arguments(schemas.ServicePatchSchema)
    @blp.response(200, schemas.CentreSchema, headers=ETAG)
    def patch(self, patch: dict[str, Any], slug: str, code: str) -> Any:
        """Change some of an offering's fields (JSON merge patch: a field set to null is
        cleared); the others stay. Reported like a PUT.

        Coordinators for any centre, partners for their own (scope capabilities:write). Send
        the body as application/merge-patch+json (or application/json); cost merges key by key.
        An offering the centre does not have is a 404 (PUT it first); a result a PUT could not
        write is a 422; without If-Match 428, with a stale one 412. Answers the centre with its
        new ETag."""
        version = if_match_version(slug)
        offering = services().centres.get(current_identity(), slug).service(code)
        if offering is None:
            raise ProblemError(404, f"Centre {slug!r} offers no service {code!r}: PUT it first.")
        current = {
            "sites": offering.sites,
            "annual_volume": offering.annual_volume,
            "cost": offering.cost,
            "wait_days": offering.wait_days,
            "imaging": list(offering.imaging),
            "notes": offering.notes,
        }
        data = merged(schemas.ServiceInputSchema(), current, patch)
        return tagged(services().centres.set_service(current_identity(), slug, code, data, version))

    @blp.doc(operationId="deleteService")
    @requires("capabilities:write")
    @blp.doc(**WRITE_DOC)
    @blp.response(200, schemas.CentreSchema, headers=ETAG)
    def delete(self, slug: str, code: str) -> Any:
        """Withdraw a service offering.

        Coordinators for any centre, partners for their own (scope capabilities:write). An
        offering the centre does not have is a 404; without If-Match 428, with a stale one 412.
        Answers the centre without it, with its new ETag."""
        version = if_match_version(slug)
        return tagged(services().centres.remove_service(current_identity(), slug, code, version))


@blp.route("/<slug:slug>/services/<slug:code>/verification", parameters=[SLUG, SERVICE_CODE])
class ServiceVerification(MethodView):
    @blp.doc(operationId="verifyService")
    @requires("capabilities:verify")
    @blp.doc(**WRITE_DOC)
    @blp.arguments(schemas.VerificationInputSchema, required=False)
    @blp.response(200, schemas.CentreSchema, headers=ETAG)
    def post(self, data: dict[str, Any], slug: str, code: str) -> Any:
        """Mark a service offering as verified by a coordinator (the version you checked).

        Coordinators only (scope capabilities:verify): the sites, cost, wait and volume as the
        centre shows them. The body is optional: its note is kept as the evidence. If-Match
        names the version you checked: without it 428; if the centre changed since, 412. An
        offering the centre does not have is a 404. Answers the centre with its new ETag."""
        version = if_match_version(slug)
        return tagged(services().centres.verify_service(current_identity(), slug, code, version, data.get("note")))


@blp.route("/<slug:slug>/vetting", parameters=[SLUG])
class Vetting(MethodView):
    @blp.doc(operationId="setVetting")
    @requires("vetting:write")
    @blp.doc(**WRITE_DOC)
    @blp.arguments(schemas.VettingInputSchema)
    @blp.response(200, schemas.CentreSchema, headers=ETAG)
    def post(self, data: dict[str, Any], slug: str) -> Any:
        """Set a centre's vetting status (admin, coordinator): a verified decision, with the
        reason as its evidence. Vetting sets the next review date (default: a year on); when it
        passes, the centre lapses and stops matching.

        Admins and coordinators only (scope vetting:write). Suspended and lapsed need a reason;
        a review date is for vetted only and must be after today; a demo centre cannot be vetted
        outside the demo data set: each a 422. Without If-Match 428, with a stale one 412.
        Answers the centre with its new ETag."""
        version = if_match_version(slug)
        centre = services().centres.set_vetting(
            current_identity(), slug, data["status"], data.get("reason"), version, data.get("next_review_due")
        )
        return tagged(centre)
