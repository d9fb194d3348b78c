from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Setting")


@_attrs_define
class Setting:
    """
    Attributes:
        code (str):
        description (str):
        label (str):
        local (bool): Always true: a setting of the medical team, not the source's.
        note (str):
        unit (str):
        value (float):
    """

    code: str
    description: str
    label: str
    local: bool
    note: str
    unit: str
    value: float

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        description = self.description

        label = self.label

        local = self.local

        note = self.note

        unit = self.unit

        value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "description": description,
                "label": label,
                "local": local,
                "note": note,
                "unit": unit,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code")

        description = d.pop("description")

        label = d.pop("label")

        local = d.pop("local")

        note = d.pop("note")

        unit = d.pop("unit")

        value = d.pop("value")

        setting = cls(
            code=code,
            description=description,
            label=label,
            local=local,
            note=note,
            unit=unit,
            value=value,
        )

        return setting
