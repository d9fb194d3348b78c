from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.timeline_step_acting_for import TimelineStepActingFor

T = TypeVar("T", bound="TimelineStep")


@_attrs_define
class TimelineStep:
    """
    Attributes:
        acting_for (TimelineStepActingFor): requester or centre.
        actor_client_id (str):
        actor_issuer (str):
        actor_role (str):
        at (datetime.datetime):
        from_ (None | str):
        reason (None | str):
        reason_code (None | str):
        to (str):
        version (int):
    """

    acting_for: TimelineStepActingFor
    actor_client_id: str
    actor_issuer: str
    actor_role: str
    at: datetime.datetime
    from_: None | str
    reason: None | str
    reason_code: None | str
    to: str
    version: int

    def to_dict(self) -> dict[str, Any]:
        acting_for = self.acting_for.value

        actor_client_id = self.actor_client_id

        actor_issuer = self.actor_issuer

        actor_role = self.actor_role

        at = self.at.isoformat()

        from_: None | str
        from_ = self.from_

        reason: None | str
        reason = self.reason

        reason_code: None | str
        reason_code = self.reason_code

        to = self.to

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "acting_for": acting_for,
                "actor_client_id": actor_client_id,
                "actor_issuer": actor_issuer,
                "actor_role": actor_role,
                "at": at,
                "from": from_,
                "reason": reason,
                "reason_code": reason_code,
                "to": to,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        acting_for = TimelineStepActingFor(d.pop("acting_for"))

        actor_client_id = d.pop("actor_client_id")

        actor_issuer = d.pop("actor_issuer")

        actor_role = d.pop("actor_role")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_from_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        from_ = _parse_from_(d.pop("from"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        def _parse_reason_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason_code = _parse_reason_code(d.pop("reason_code"))

        to = d.pop("to")

        version = d.pop("version")

        timeline_step = cls(
            acting_for=acting_for,
            actor_client_id=actor_client_id,
            actor_issuer=actor_issuer,
            actor_role=actor_role,
            at=at,
            from_=from_,
            reason=reason,
            reason_code=reason_code,
            to=to,
            version=version,
        )

        return timeline_step
