"""Referrals, from the intake service to a centre and back, with messages and a timeline."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask.views import MethodView

from api import schemas
from api.etags import ETAG, IF_MATCH_PARAMETER, IF_NONE_MATCH_PARAMETER, etag, if_match_version
from api.oauth import current_identity, requires
from api.problems import ProblemError, ProblemSchema
from api.resources import Blueprint, not_modified, services
from directory.models import Referral
from directory.services.referrals import ReferralFilter

blp = Blueprint("referrals", __name__, url_prefix="/v1/referrals", description="Referrals to centres.")

IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "description": "Retries with the same key return the same referral (as does the same external_ref); "
    "1 to 200 characters, one per referral (a UUID will do). The same key for another request is a 409.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
    "example": "0b6f2c1e-6a4d-4c57-9f3e-2d8a71b5c940",
}
#: A referral's id, as the service makes them (32 hexadecimal digits).
REFERRAL_ID_EXAMPLE = "9f1c2b7e4a6d4e0fb3a85c2d71e6f0a4"
REFERRAL_ID = {
    "in": "path",
    "name": "referral_id",
    "description": "The referral's id, as POST /v1/referrals answered it (32 hexadecimal digits). A referral "
    "this client may not see is a 404, as one that does not exist.",
    "example": REFERRAL_ID_EXAMPLE,
}
#: The ETags of referrals: the referral's id and version.
REFERRAL_IF_MATCH = {**IF_MATCH_PARAMETER, "example": f'"{REFERRAL_ID_EXAMPLE}.3"'}
REFERRAL_IF_NONE_MATCH = {**IF_NONE_MATCH_PARAMETER, "example": f'"{REFERRAL_ID_EXAMPLE}.3"'}


def with_allowed(referral: Referral) -> Referral:
    """The referral, with what this caller may do with it next (for the response)."""
    referral.allowed_transitions = services().referrals.allowed_for(current_identity(), referral)  # type: ignore[attr-defined]
    return referral


def shown(referral: Referral, status: int = 200, **headers: str) -> tuple[Referral, int, dict[str, str]]:
    """The referral with what this caller may do next, and its ETag."""
    return with_allowed(referral), status, {"ETag": etag(referral.id, referral.version), **headers}


@blp.route("")
class Referrals(MethodView):
    @blp.doc(operationId="listReferrals")
    @requires("referrals:read")
    @blp.arguments(schemas.ReferralQuerySchema, location="query", error_status_code=400)
    @blp.response(200, schemas.ReferralPageSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """The referrals this client may see, least recently changed first (poll with updated_since).

        Coordinators see every referral, a partner its centre's (not drafts), the intake
        service its own (scope referrals:read). Answers a page of referrals, each with its case,
        timeline, messages and the steps this client may take now (allowed_transitions). An
        admin is refused (403)."""
        filters = ReferralFilter(tuple(query.get("status", ())), query.get("centre"), query.get("updated_since"))
        page = services().referrals.list(current_identity(), filters, query["page"], query["page_size"])
        for referral in page.items:
            with_allowed(referral)
        return page

    @blp.doc(operationId="createReferral")
    @requires("referrals:write")
    @blp.doc(parameters=[IDEMPOTENCY_KEY])
    @blp.arguments(schemas.ReferralCreateSchema)
    @blp.response(201, schemas.ReferralSchema, headers=ETAG)
    @blp.alt_response(
        200, schema=schemas.ReferralSchema, description="The referral an earlier identical request made.", headers=ETAG
    )
    @blp.alt_response(
        409,
        schema=ProblemSchema,
        description="The Idempotency-Key or external_ref was used for a different request, or the centre "
        "does not take referrals now.",
    )
    def post(self, data: dict[str, Any]) -> Any:
        """Refer a case to a centre (draft, or requested at once). Idempotent.

        Coordinators and the intake service may call it (scope referrals:write). The centre
        must fit the case as a match would judge it: else 422 with the reasons (a coordinator
        may refer anyway with override_reason; the intake service may not: 403). Requested
        needs a centre that is vetted and accepts referrals, else 409. The same external_ref or
        Idempotency-Key from the same client answers the referral it made (200, not 201); the
        same one for a different request is a 409. Answers the referral with its ETag and its
        Location, and a snapshot of how the centre answered the case."""
        key = request.headers.get("Idempotency-Key")
        if key is not None and not 0 < len(key) <= 200:
            raise ProblemError(400, "Idempotency-Key must be 1 to 200 characters.", code="bad-idempotency-key")
        snapshot = current_app.extensions["search"].explain_centre(data["profile"], data["centre"])
        created = services().referrals.create(current_identity(), data, snapshot, key)
        location = f"/v1/referrals/{created.referral.id}"
        return shown(created.referral, 201 if created.new else 200, Location=location)


@blp.route("/<slug:referral_id>", parameters=[REFERRAL_ID])
class ReferralResource(MethodView):
    @blp.doc(operationId="getReferral")
    @requires("referrals:read")
    @blp.response(200, schemas.ReferralSchema, headers=ETAG)
    @blp.doc(parameters=[REFERRAL_IF_NONE_MATCH])
    @blp.alt_response(304, description="Not modified: If-None-Match names the current version.", headers=ETAG)
    def get(self, referral_id: str) -> Any:
        """One referral, with its ETag, timeline and messages.

        Coordinators any referral, a partner its centre's (not drafts), the intake service its
        own (scope referrals:read); any other is a 404, as one that does not exist. Every read
        is audited. With If-None-Match naming the current version: 304, no body."""
        referral = services().referrals.get(current_identity(), referral_id)
        tag = etag(referral.id, referral.version)
        if tag.strip('"') in request.if_none_match:
            return not_modified(tag)
        return shown(referral)


@blp.route("/<slug:referral_id>/transitions", parameters=[REFERRAL_ID])
class Transitions(MethodView):
    @blp.doc(operationId="transitionReferral")
    @requires("referrals:write", "referrals:respond")
    @blp.doc(parameters=[REFERRAL_IF_MATCH])
    @blp.arguments(schemas.TransitionInputSchema)
    @blp.response(200, schemas.ReferralSchema, headers=ETAG)
    @blp.alt_response(409, schema=ProblemSchema, description="Not allowed now; the problem lists what is.")
    def post(self, data: dict[str, Any], referral_id: str) -> Any:
        """Move a referral on: the requester requests and cancels, the centre answers.

        The requester (scope referrals:write) takes the requester's steps, the centre's partner
        (scope referrals:respond) the centre's; a coordinator may take either, saying why. A
        step this client may not take now is a 409 that lists those it may (allowed). A
        rejection needs a reason_code (other: with a reason), and only a rejection takes one:
        else 422. Without If-Match 428, with a stale one 412. Answers the referral with its new
        ETag; the step is in its timeline and the audit log, and webhooks hear of it."""
        version = if_match_version(referral_id)
        referral = services().referrals.transition(
            current_identity(), referral_id, data["to"], data.get("reason"), data.get("reason_code"), version
        )
        return shown(referral)


@blp.route("/<slug:referral_id>/messages", parameters=[REFERRAL_ID])
class Messages(MethodView):
    @blp.doc(operationId="postReferralMessage")
    @requires("referrals:write", "referrals:respond")
    @blp.arguments(schemas.MessageInputSchema)
    @blp.response(201, schemas.MessageSchema)
    def post(self, data: dict[str, Any], referral_id: str) -> Any:
        """Write to the thread between the coordinators and the centre.

        Coordinators, and the partner of the referral's centre (scopes referrals:write or
        referrals:respond); the intake service reads the thread but may not write to it (403).
        Answers the message (201); webhooks and e-mail notifications announce it, without its
        text."""
        return services().referrals.post_message(current_identity(), referral_id, data["body"])
