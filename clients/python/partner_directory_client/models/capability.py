from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.capability_status import CapabilityStatus

if TYPE_CHECKING:
    from ..models.verification import Verification


T = TypeVar("T", bound="Capability")


@_attrs_define
class Capability:
    """
    Attributes:
        code (str):
        notes (None | str):
        status (CapabilityStatus):
        verification (Verification):
    """

    code: str
    notes: None | str
    status: CapabilityStatus
    verification: Verification

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        notes: None | str
        notes = self.notes

        status = self.status.value

        verification = self.verification.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "notes": notes,
                "status": status,
                "verification": verification,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.verification import Verification

        d = dict(src_dict)
        code = d.pop("code")

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        status = CapabilityStatus(d.pop("status"))

        verification = Verification.from_dict(d.pop("verification"))

        capability = cls(
            code=code,
            notes=notes,
            status=status,
            verification=verification,
        )

        return capability
