from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.message_side import MessageSide

T = TypeVar("T", bound="Message")


@_attrs_define
class Message:
    """
    Attributes:
        at (datetime.datetime):
        author_client_id (str):
        author_issuer (str):
        author_role (str):
        body (str):
        id (int):
        side (MessageSide): coordinator or centre.
    """

    at: datetime.datetime
    author_client_id: str
    author_issuer: str
    author_role: str
    body: str
    id: int
    side: MessageSide

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        author_client_id = self.author_client_id

        author_issuer = self.author_issuer

        author_role = self.author_role

        body = self.body

        id = self.id

        side = self.side.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "at": at,
                "author_client_id": author_client_id,
                "author_issuer": author_issuer,
                "author_role": author_role,
                "body": body,
                "id": id,
                "side": side,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        author_client_id = d.pop("author_client_id")

        author_issuer = d.pop("author_issuer")

        author_role = d.pop("author_role")

        body = d.pop("body")

        id = d.pop("id")

        side = MessageSide(d.pop("side"))

        message = cls(
            at=at,
            author_client_id=author_client_id,
            author_issuer=author_issuer,
            author_role=author_role,
            body=body,
            id=id,
            side=side,
        )

        return message
