from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.fact_provenance import FactProvenance


T = TypeVar("T", bound="CapabilityUsed")


@_attrs_define
class CapabilityUsed:
    """
    Attributes:
        code (str):
        provenance (FactProvenance):
        reported_as (str): capability, or imaging (listed with the service offering).
        rule (str):
        status (str):
        verification (str):
    """

    code: str
    provenance: FactProvenance
    reported_as: str
    rule: str
    status: str
    verification: str

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        provenance = self.provenance.to_dict()

        reported_as = self.reported_as

        rule = self.rule

        status = self.status

        verification = self.verification

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "provenance": provenance,
                "reported_as": reported_as,
                "rule": rule,
                "status": status,
                "verification": verification,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.fact_provenance import FactProvenance

        d = dict(src_dict)
        code = d.pop("code")

        provenance = FactProvenance.from_dict(d.pop("provenance"))

        reported_as = d.pop("reported_as")

        rule = d.pop("rule")

        status = d.pop("status")

        verification = d.pop("verification")

        capability_used = cls(
            code=code,
            provenance=provenance,
            reported_as=reported_as,
            rule=rule,
            status=status,
            verification=verification,
        )

        return capability_used
