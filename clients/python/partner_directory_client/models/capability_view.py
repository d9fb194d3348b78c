from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.capability_view_status import CapabilityViewStatus

if TYPE_CHECKING:
    from ..models.fact_provenance import FactProvenance


T = TypeVar("T", bound="CapabilityView")


@_attrs_define
class CapabilityView:
    """
    Attributes:
        code (str):
        notes (None | str):
        provenance (FactProvenance):
        status (CapabilityViewStatus):
    """

    code: str
    notes: None | str
    provenance: FactProvenance
    status: CapabilityViewStatus

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        notes: None | str
        notes = self.notes

        provenance = self.provenance.to_dict()

        status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "notes": notes,
                "provenance": provenance,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.fact_provenance import FactProvenance

        d = dict(src_dict)
        code = d.pop("code")

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        provenance = FactProvenance.from_dict(d.pop("provenance"))

        status = CapabilityViewStatus(d.pop("status"))

        capability_view = cls(
            code=code,
            notes=notes,
            provenance=provenance,
            status=status,
        )

        return capability_view
