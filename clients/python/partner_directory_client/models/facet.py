from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Facet")


@_attrs_define
class Facet:
    """
    Attributes:
        count (int):
        value (str):
    """

    count: int
    value: str

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "count": count,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        count = d.pop("count")

        value = d.pop("value")

        facet = cls(
            count=count,
            value=value,
        )

        return facet
