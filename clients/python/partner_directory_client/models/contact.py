from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Contact")


@_attrs_define
class Contact:
    """
    Attributes:
        desk (str | Unset): The international-patient desk's name. Example: International patient desk.
        email (str | Unset): The desk's e-mail address. Example: international-desk@example.org.
        phone (str | Unset): The desk's phone number, with the country code. Example: +86 10 0000 0000.
        url (str | Unset): The desk's web page for international patients. Example: https://example.org/international-
            patients.
    """

    desk: str | Unset = UNSET
    email: str | Unset = UNSET
    phone: str | Unset = UNSET
    url: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        desk = self.desk

        email = self.email

        phone = self.phone

        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if desk is not UNSET:
            field_dict["desk"] = desk
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        desk = d.pop("desk", UNSET)

        email = d.pop("email", UNSET)

        phone = d.pop("phone", UNSET)

        url = d.pop("url", UNSET)

        contact = cls(
            desk=desk,
            email=email,
            phone=phone,
            url=url,
        )

        return contact
