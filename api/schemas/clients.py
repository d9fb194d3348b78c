"""The service's own OAuth clients: the rotation of their secrets."""

from __future__ import annotations

from marshmallow import Schema, fields

from api.schemas.common import Out, String, overlap_field


class ClientRotationSchema(Schema):
    overlap_seconds = overlap_field(0, "the previous secret is still accepted at the token endpoint")


class ClientSecretSchema(Out):
    client_id = String(metadata={"description": "The client whose secret changed."})
    client_secret = String(
        attribute="secret", metadata={"description": "The new secret. Shown only now: it is kept only hashed."}
    )
    previous_secret_until = fields.DateTime(
        allow_none=True,
        metadata={"description": "Until when the previous secret is still accepted; null: not any more."},
    )
