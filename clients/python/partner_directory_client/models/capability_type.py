from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="CapabilityType")


@_attrs_define
class CapabilityType:
    """
    Attributes:
        category (str):
        code (str):
        description (str):
        label (str):
    """

    category: str
    code: str
    description: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        code = self.code

        description = self.description

        label = self.label

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "category": category,
                "code": code,
                "description": description,
                "label": label,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        category = d.pop("category")

        code = d.pop("code")

        description = d.pop("description")

        label = d.pop("label")

        capability_type = cls(
            category=category,
            code=code,
            description=description,
            label=label,
        )

        return capability_type
