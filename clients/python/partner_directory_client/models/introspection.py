from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Introspection")


@_attrs_define
class Introspection:
    """RFC 7662. Inactive (expired, revoked, unknown, or another client's): only active.

    Attributes:
        active (bool):
        aud (list[str] | str | Unset):
        centre (None | str | Unset):
        client_id (str | Unset):
        exp (int | Unset):
        iat (int | Unset):
        iss (str | Unset):
        jti (str | Unset):
        role (str | Unset):
        scope (str | Unset):
        sub (str | Unset):
        token_type (str | Unset):
    """

    active: bool
    aud: list[str] | str | Unset = UNSET
    centre: None | str | Unset = UNSET
    client_id: str | Unset = UNSET
    exp: int | Unset = UNSET
    iat: int | Unset = UNSET
    iss: str | Unset = UNSET
    jti: str | Unset = UNSET
    role: str | Unset = UNSET
    scope: str | Unset = UNSET
    sub: str | Unset = UNSET
    token_type: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        aud: list[str] | str | Unset
        if isinstance(self.aud, Unset):
            aud = UNSET
        elif isinstance(self.aud, list):
            aud = self.aud

        else:
            aud = self.aud

        centre: None | str | Unset
        if isinstance(self.centre, Unset):
            centre = UNSET
        else:
            centre = self.centre

        client_id = self.client_id

        exp = self.exp

        iat = self.iat

        iss = self.iss

        jti = self.jti

        role = self.role

        scope = self.scope

        sub = self.sub

        token_type = self.token_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
            }
        )
        if aud is not UNSET:
            field_dict["aud"] = aud
        if centre is not UNSET:
            field_dict["centre"] = centre
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if exp is not UNSET:
            field_dict["exp"] = exp
        if iat is not UNSET:
            field_dict["iat"] = iat
        if iss is not UNSET:
            field_dict["iss"] = iss
        if jti is not UNSET:
            field_dict["jti"] = jti
        if role is not UNSET:
            field_dict["role"] = role
        if scope is not UNSET:
            field_dict["scope"] = scope
        if sub is not UNSET:
            field_dict["sub"] = sub
        if token_type is not UNSET:
            field_dict["token_type"] = token_type

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        active = d.pop("active")

        def _parse_aud(data: object) -> list[str] | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                aud_type_1 = cast(list[str], data)

                return aud_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str | Unset, data)

        aud = _parse_aud(d.pop("aud", UNSET))

        def _parse_centre(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        centre = _parse_centre(d.pop("centre", UNSET))

        client_id = d.pop("client_id", UNSET)

        exp = d.pop("exp", UNSET)

        iat = d.pop("iat", UNSET)

        iss = d.pop("iss", UNSET)

        jti = d.pop("jti", UNSET)

        role = d.pop("role", UNSET)

        scope = d.pop("scope", UNSET)

        sub = d.pop("sub", UNSET)

        token_type = d.pop("token_type", UNSET)

        introspection = cls(
            active=active,
            aud=aud,
            centre=centre,
            client_id=client_id,
            exp=exp,
            iat=iat,
            iss=iss,
            jti=jti,
            role=role,
            scope=scope,
            sub=sub,
            token_type=token_type,
        )

        introspection.additional_properties = d
        return introspection

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
