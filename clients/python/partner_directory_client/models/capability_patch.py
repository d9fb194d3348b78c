from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.capability_patch_status import CapabilityPatchStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="CapabilityPatch")


@_attrs_define
class CapabilityPatch:
    """
    Attributes:
        notes (None | str | Unset): What a coordinator should know about it, up to 2000 characters; null clears it.
            Example: Two lists a week..
        status (CapabilityPatchStatus | Unset): available, limited (e.g. some days only) or unavailable. Only available
            meets a requirement. Example: available.
    """

    notes: None | str | Unset = UNSET
    status: CapabilityPatchStatus | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if notes is not UNSET:
            field_dict["notes"] = notes
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        _status = d.pop("status", UNSET)
        status: CapabilityPatchStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = CapabilityPatchStatus(_status)

        capability_patch = cls(
            notes=notes,
            status=status,
        )

        return capability_patch
