from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Requester")


@_attrs_define
class Requester:
    """
    Attributes:
        client_id (str): The client, or the person.
        issuer (str): local (this service's own clients and users) or an identity provider's URL.
        role (str):
    """

    client_id: str
    issuer: str
    role: str

    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        issuer = self.issuer

        role = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "client_id": client_id,
                "issuer": issuer,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        client_id = d.pop("client_id")

        issuer = d.pop("issuer")

        role = d.pop("role")

        requester = cls(
            client_id=client_id,
            issuer=issuer,
            role=role,
        )

        return requester
