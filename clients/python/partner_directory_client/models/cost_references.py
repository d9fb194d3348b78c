from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.cost_reference import CostReference


T = TypeVar("T", bound="CostReferences")


@_attrs_define
class CostReferences:
    """
    Attributes:
        cost_basis (str): What a centre's cost is per (e.g. single-lesion session).
        note (str):
        references (list[CostReference]):
        service (str):
    """

    cost_basis: str
    note: str
    references: list[CostReference]
    service: str

    def to_dict(self) -> dict[str, Any]:
        cost_basis = self.cost_basis

        note = self.note

        references = []
        for references_item_data in self.references:
            references_item = references_item_data.to_dict()
            references.append(references_item)

        service = self.service

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "cost_basis": cost_basis,
                "note": note,
                "references": references,
                "service": service,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.cost_reference import CostReference

        d = dict(src_dict)
        cost_basis = d.pop("cost_basis")

        note = d.pop("note")

        references = []
        _references = d.pop("references")
        for references_item_data in _references:
            references_item = CostReference.from_dict(references_item_data)

            references.append(references_item)

        service = d.pop("service")

        cost_references = cls(
            cost_basis=cost_basis,
            note=note,
            references=references,
            service=service,
        )

        return cost_references
