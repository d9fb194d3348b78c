from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Site")


@_attrs_define
class Site:
    """
    Attributes:
        adjunct_note (str):
        approach (str):
        code (str):
        key_consideration (str):
        label (str):
        source (str):
    """

    adjunct_note: str
    approach: str
    code: str
    key_consideration: str
    label: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        adjunct_note = self.adjunct_note

        approach = self.approach

        code = self.code

        key_consideration = self.key_consideration

        label = self.label

        source = self.source

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "adjunct_note": adjunct_note,
                "approach": approach,
                "code": code,
                "key_consideration": key_consideration,
                "label": label,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        adjunct_note = d.pop("adjunct_note")

        approach = d.pop("approach")

        code = d.pop("code")

        key_consideration = d.pop("key_consideration")

        label = d.pop("label")

        source = d.pop("source")

        site = cls(
            adjunct_note=adjunct_note,
            approach=approach,
            code=code,
            key_consideration=key_consideration,
            label=label,
            source=source,
        )

        return site
