from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.capability_input_status import CapabilityInputStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="CapabilityInput")


@_attrs_define
class CapabilityInput:
    """
    Attributes:
        status (CapabilityInputStatus): available, limited (e.g. some days only) or unavailable. Only available meets a
            requirement. Example: available.
        notes (None | str | Unset): What a coordinator should know about it, up to 2000 characters; null or absent:
            none. Example: Two lists a week..
    """

    status: CapabilityInputStatus
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = CapabilityInputStatus(d.pop("status"))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        capability_input = cls(
            status=status,
            notes=notes,
        )

        return capability_input
