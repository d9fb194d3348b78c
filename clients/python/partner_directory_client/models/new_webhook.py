from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="NewWebhook")


@_attrs_define
class NewWebhook:
    """
    Attributes:
        created_at (datetime.datetime):
        id (str):
        secret (str): Signs every delivery (HMAC-SHA256). Shown only now.
        url (str):
    """

    created_at: datetime.datetime
    id: str
    secret: str
    url: str

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = self.id

        secret = self.secret

        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
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

        secret = d.pop("secret")

        url = d.pop("url")

        new_webhook = cls(
            created_at=created_at,
            id=id,
            secret=secret,
            url=url,
        )

        return new_webhook
