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
    "description": "Retries with the same key return the same referral (as does the same external_ref).",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
}


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
        """The referrals this client may see, least recently changed first (poll with updated_since)."""
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
        """Refer a case to a centre (draft, or requested at once). Idempotent."""
        key = request.headers.get("Idempotency-Key")
        if key is not None and not 0 < len(key) <= 200:
            raise ProblemError(400, "Idempotency-Key must be 1 to 200 characters.", code="bad-idempotency-key")
        snapshot = current_app.extensions["search"].explain_centre(data["profile"], data["centre"])
        created = services().referrals.create(current_identity(), data, snapshot, key)
        location = f"/v1/referrals/{created.referral.id}"
        return shown(created.referral, 201 if created.new else 200, Location=location)


@blp.route("/<slug:referral_id>")
class ReferralResource(MethodView):
    @blp.doc(operationId="getReferral")
    @requires("referrals:read")
    @blp.response(200, schemas.ReferralSchema, headers=ETAG)
    @blp.doc(parameters=[IF_NONE_MATCH_PARAMETER])
    @blp.alt_response(304, description="Not modified: If-None-Match names the current version.", headers=ETAG)
    def get(self, referral_id: str) -> Any:
        """One referral, with its ETag, timeline and messages."""
        referral = services().referrals.get(current_identity(), referral_id)
        tag = etag(referral.id, referral.version)
        if tag.strip('"') in request.if_none_match:
            return not_modified(tag)
        return shown(referral)


@blp.route("/<slug:referral_id>/transitions")
class Transitions(MethodView):
    @blp.doc(operationId="transitionReferral")
    @requires("referrals:write", "referrals:respond")
    @blp.doc(parameters=[IF_MATCH_PARAMETER])
    @blp.arguments(schemas.TransitionInputSchema)
    @blp.response(200, schemas.ReferralSchema, headers=ETAG)
    @blp.alt_response(409, schema=ProblemSchema, description="Not allowed now; the problem lists what is.")
    def post(self, data: dict[str, Any], referral_id: str) -> Any:
        """Move a referral on: the requester requests and cancels, the centre answers."""
        version = if_match_version(referral_id)
        referral = services().referrals.transition(
            current_identity(), referral_id, data["to"], data.get("reason"), data.get("reason_code"), version
        )
        return shown(referral)


@blp.route("/<slug:referral_id>/messages")
class Messages(MethodView):
    @blp.doc(operationId="postReferralMessage")
    @requires("referrals:write", "referrals:respond")
    @blp.arguments(schemas.MessageInputSchema)
    @blp.response(201, schemas.MessageSchema)
    def post(self, data: dict[str, Any], referral_id: str) -> Any:
        """Write to the thread between the coordinators and the centre."""
        return services().referrals.post_message(current_identity(), referral_id, data["body"])
