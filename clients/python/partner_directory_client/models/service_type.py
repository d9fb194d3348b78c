from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.cost_reference import CostReference


T = TypeVar("T", bound="ServiceType")


@_attrs_define
class ServiceType:
    """
    Attributes:
        code (str):
        context (list[CostReference]): The source's cost references.
        cost_basis (str): What a centre's cost for the service is per.
        description (str):
        label (str):
        sites (list[str]): The lesion sites the service treats.
    """

    code: str
    context: list[CostReference]
    cost_basis: str
    description: str
    label: str
    sites: list[str]

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        context = []
        for context_item_data in self.context:
            context_item = context_item_data.to_dict()
            context.append(context_item)

        cost_basis = self.cost_basis

        description = self.description

        label = self.label

        sites = self.sites

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "context": context,
                "cost_basis": cost_basis,
                "description": description,
                "label": label,
                "sites": sites,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.cost_reference import CostReference

        d = dict(src_dict)
        code = d.pop("code")

        context = []
        _context = d.pop("context")
        for context_item_data in _context:
            context_item = CostReference.from_dict(context_item_data)

            context.append(context_item)

        cost_basis = d.pop("cost_basis")

        description = d.pop("description")

        label = d.pop("label")

        sites = cast(list[str], d.pop("sites"))

        service_type = cls(
            code=code,
            context=context,
            cost_basis=cost_basis,
            description=description,
            label=label,
            sites=sites,
        )

        return service_type
