from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="NewWebhook")


@_attrs_define
class NewWebhook:
    """
    Attributes:
        created_at (datetime.datetime):
        id (str):
        previous_secret_until (datetime.datetime | None): After a rotation: until when deliveries are signed with the
            previous secret too (a second `v1=` in the signature header). Null: the previous secret signs nothing more.
        secret (str): Signs every delivery (HMAC-SHA256). Shown only now.
        url (str):
    """

    created_at: datetime.datetime
    id: str
    previous_secret_until: datetime.datetime | None
    secret: str
    url: str

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = self.id

        previous_secret_until: None | str
        if isinstance(self.previous_secret_until, datetime.datetime):
            previous_secret_until = self.previous_secret_until.isoformat()
        else:
            previous_secret_until = self.previous_secret_until

        secret = self.secret

        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "previous_secret_until": previous_secret_until,
                "secret": secret,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        def _parse_previous_secret_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_secret_until_type_0 = datetime.datetime.fromisoformat(data)

                return previous_secret_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        previous_secret_until = _parse_previous_secret_until(
            d.pop("previous_secret_until")
        )

        secret = d.pop("secret")

        url = d.pop("url")

        new_webhook = cls(
            created_at=created_at,
            id=id,
            previous_secret_until=previous_secret_until,
            secret=secret,
            url=url,
        )

        return new_webhook
