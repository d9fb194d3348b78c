"""The vocabulary: lesion sites, capability and service codes, site rules, ranking weights."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api import schemas
from api.oauth import requires
from api.resources import Blueprint, services

blp = Blueprint("vocabulary", __name__, url_prefix="/v1/vocabulary", description="Codes and rules.")


@blp.route("")
class VocabularyResource(MethodView):
    @blp.doc(operationId="getVocabulary")
    @requires("centres:read")  # every role has it
    @blp.response(200, schemas.VocabularySchema)
    def get(self) -> Any:
        """The vocabulary in force, with its version: what every code and rule means.

        Every role may call it (scope centres:read). Answers the lesion sites, capability and
        service codes (with the source's cost references), the clinical rules with the words of
        the source they encode, the medical team's local settings the rules read, and the
        ranking weights. Every code a request takes is one of these."""
        return services().vocabulary.read()
