from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="FieldError")


@_attrs_define
class FieldError:
    """
    Attributes:
        detail (str):
        location (str): json, query, headers or path.
        pointer (str): JSON pointer to the field within its location.
    """

    detail: str
    location: str
    pointer: str

    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        location = self.location

        pointer = self.pointer

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "detail": detail,
                "location": location,
                "pointer": pointer,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        detail = d.pop("detail")

        location = d.pop("location")

        pointer = d.pop("pointer")

        field_error = cls(
            detail=detail,
            location=location,
            pointer=pointer,
        )

        return field_error
