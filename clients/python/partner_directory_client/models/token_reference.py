from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.token_reference_token_type_hint import TokenReferenceTokenTypeHint
from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenReference")


@_attrs_define
class TokenReference:
    """
    Attributes:
        token (str): The access token. Example: eyJhbGciOiJSUzI1NiIs....
        client_id (str | Unset): With client_secret_post: the client's id. Example: intake-service.
        client_secret (str | Unset): With client_secret_post: the client's secret. Example: s3cret.
        token_type_hint (TokenReferenceTokenTypeHint | Unset): Optional: the kind of token (only access tokens are
            issued). Example: access_token.
    """

    token: str
    client_id: str | Unset = UNSET
    client_secret: str | Unset = UNSET
    token_type_hint: TokenReferenceTokenTypeHint | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        client_id = self.client_id

        client_secret = self.client_secret

        token_type_hint: str | Unset = UNSET
        if not isinstance(self.token_type_hint, Unset):
            token_type_hint = self.token_type_hint.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "token": token,
            }
        )
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if client_secret is not UNSET:
            field_dict["client_secret"] = client_secret
        if token_type_hint is not UNSET:
            field_dict["token_type_hint"] = token_type_hint

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        token = d.pop("token")

        client_id = d.pop("client_id", UNSET)

        client_secret = d.pop("client_secret", UNSET)

        _token_type_hint = d.pop("token_type_hint", UNSET)
        token_type_hint: TokenReferenceTokenTypeHint | Unset
        if isinstance(_token_type_hint, Unset):
            token_type_hint = UNSET
        else:
            token_type_hint = TokenReferenceTokenTypeHint(_token_type_hint)

        token_reference = cls(
            token=token,
            client_id=client_id,
            client_secret=client_secret,
            token_type_hint=token_type_hint,
        )

        token_reference.additional_properties = d
        return token_reference

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
