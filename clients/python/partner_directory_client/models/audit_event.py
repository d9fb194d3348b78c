from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.audit_event_changes import AuditEventChanges


T = TypeVar("T", bound="AuditEvent")


@_attrs_define
class AuditEvent:
    """
    Attributes:
        action (str):
        actor_centre (None | str):
        at (datetime.datetime):
        changes (AuditEventChanges):
        client_id (str):
        entity_id (str):
        entity_type (str):
        entity_version (int | None):
        id (int):
        issuer (str): local, or the identity provider that vouched for the caller.
        outcome (str):
        reason (None | str):
        request_id (None | str):
        role (str):
        subject (None | str):
        token_id (None | str):
    """

    action: str
    actor_centre: None | str
    at: datetime.datetime
    changes: AuditEventChanges
    client_id: str
    entity_id: str
    entity_type: str
    entity_version: int | None
    id: int
    issuer: str
    outcome: str
    reason: None | str
    request_id: None | str
    role: str
    subject: None | str
    token_id: None | str

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        actor_centre: None | str
        actor_centre = self.actor_centre

        at = self.at.isoformat()

        changes = self.changes.to_dict()

        client_id = self.client_id

        entity_id = self.entity_id

        entity_type = self.entity_type

        entity_version: int | None
        entity_version = self.entity_version

        id = self.id

        issuer = self.issuer

        outcome = self.outcome

        reason: None | str
        reason = self.reason

        request_id: None | str
        request_id = self.request_id

        role = self.role

        subject: None | str
        subject = self.subject

        token_id: None | str
        token_id = self.token_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "actor_centre": actor_centre,
                "at": at,
                "changes": changes,
                "client_id": client_id,
                "entity_id": entity_id,
                "entity_type": entity_type,
                "entity_version": entity_version,
                "id": id,
                "issuer": issuer,
                "outcome": outcome,
                "reason": reason,
                "request_id": request_id,
                "role": role,
                "subject": subject,
                "token_id": token_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.audit_event_changes import AuditEventChanges

        d = dict(src_dict)
        action = d.pop("action")

        def _parse_actor_centre(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor_centre = _parse_actor_centre(d.pop("actor_centre"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        changes = AuditEventChanges.from_dict(d.pop("changes"))

        client_id = d.pop("client_id")

        entity_id = d.pop("entity_id")

        entity_type = d.pop("entity_type")

        def _parse_entity_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        entity_version = _parse_entity_version(d.pop("entity_version"))

        id = d.pop("id")

        issuer = d.pop("issuer")

        outcome = d.pop("outcome")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        def _parse_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_id = _parse_request_id(d.pop("request_id"))

        role = d.pop("role")

        def _parse_subject(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subject = _parse_subject(d.pop("subject"))

        def _parse_token_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        token_id = _parse_token_id(d.pop("token_id"))

        audit_event = cls(
            action=action,
            actor_centre=actor_centre,
            at=at,
            changes=changes,
            client_id=client_id,
            entity_id=entity_id,
            entity_type=entity_type,
            entity_version=entity_version,
            id=id,
            issuer=issuer,
            outcome=outcome,
            reason=reason,
            request_id=request_id,
            role=role,
            subject=subject,
            token_id=token_id,
        )

        return audit_event
