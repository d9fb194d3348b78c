from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Provenance")


@_attrs_define
class Provenance:
    """
    Attributes:
        source (str):
        verification (str):
    """

    source: str
    verification: str

    def to_dict(self) -> dict[str, Any]:
        source = self.source

        verification = self.verification

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "source": source,
                "verification": verification,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        source = d.pop("source")

        verification = d.pop("verification")

        provenance = cls(
            source=source,
            verification=verification,
        )

        return provenance
