from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.delivery_status import DeliveryStatus

if TYPE_CHECKING:
    from ..models.delivery_payload import DeliveryPayload
    from ..models.webhook_attempt import WebhookAttempt


T = TypeVar("T", bound="Delivery")


@_attrs_define
class Delivery:
    """
    Attributes:
        attempts (int):
        attempts_log (list[WebhookAttempt]):
        created_at (datetime.datetime):
        delivered_at (datetime.datetime | None):
        event (str):
        id (str):
        last_error (None | str):
        last_status_code (int | None):
        next_attempt_at (datetime.datetime):
        payload (DeliveryPayload):
        referral_id (str):
        status (DeliveryStatus): pending, delivered or failed.
    """

    attempts: int
    attempts_log: list[WebhookAttempt]
    created_at: datetime.datetime
    delivered_at: datetime.datetime | None
    event: str
    id: str
    last_error: None | str
    last_status_code: int | None
    next_attempt_at: datetime.datetime
    payload: DeliveryPayload
    referral_id: str
    status: DeliveryStatus

    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        attempts_log = []
        for attempts_log_item_data in self.attempts_log:
            attempts_log_item = attempts_log_item_data.to_dict()
            attempts_log.append(attempts_log_item)

        created_at = self.created_at.isoformat()

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        event = self.event

        id = self.id

        last_error: None | str
        last_error = self.last_error

        last_status_code: int | None
        last_status_code = self.last_status_code

        next_attempt_at = self.next_attempt_at.isoformat()

        payload = self.payload.to_dict()

        referral_id = self.referral_id

        status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "attempts": attempts,
                "attempts_log": attempts_log,
                "created_at": created_at,
                "delivered_at": delivered_at,
                "event": event,
                "id": id,
                "last_error": last_error,
                "last_status_code": last_status_code,
                "next_attempt_at": next_attempt_at,
                "payload": payload,
                "referral_id": referral_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.delivery_payload import DeliveryPayload
        from ..models.webhook_attempt import WebhookAttempt

        d = dict(src_dict)
        attempts = d.pop("attempts")

        attempts_log = []
        _attempts_log = d.pop("attempts_log")
        for attempts_log_item_data in _attempts_log:
            attempts_log_item = WebhookAttempt.from_dict(attempts_log_item_data)

            attempts_log.append(attempts_log_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))

        event = d.pop("event")

        id = d.pop("id")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        def _parse_last_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        last_status_code = _parse_last_status_code(d.pop("last_status_code"))

        next_attempt_at = datetime.datetime.fromisoformat(d.pop("next_attempt_at"))

        payload = DeliveryPayload.from_dict(d.pop("payload"))

        referral_id = d.pop("referral_id")

        status = DeliveryStatus(d.pop("status"))

        delivery = cls(
            attempts=attempts,
            attempts_log=attempts_log,
            created_at=created_at,
            delivered_at=delivered_at,
            event=event,
            id=id,
            last_error=last_error,
            last_status_code=last_status_code,
            next_attempt_at=next_attempt_at,
            payload=payload,
            referral_id=referral_id,
            status=status,
        )

        return delivery
