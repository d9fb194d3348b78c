from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.cost import Cost
    from ..models.verification import Verification


T = TypeVar("T", bound="Service")


@_attrs_define
class Service:
    """
    Attributes:
        annual_volume (int | None):
        code (str):
        cost (Cost | None):
        imaging (list[str]):
        notes (None | str):
        sites (list[str]):
        verification (Verification):
        wait_days (int | None):
    """

    annual_volume: int | None
    code: str
    cost: Cost | None
    imaging: list[str]
    notes: None | str
    sites: list[str]
    verification: Verification
    wait_days: int | None

    def to_dict(self) -> dict[str, Any]:
        from ..models.cost import Cost

        annual_volume: int | None
        annual_volume = self.annual_volume

        code = self.code

        cost: dict[str, Any] | None
        if isinstance(self.cost, Cost):
            cost = self.cost.to_dict()
        else:
            cost = self.cost

        imaging = self.imaging

        notes: None | str
        notes = self.notes

        sites = self.sites

        verification = self.verification.to_dict()

        wait_days: int | None
        wait_days = self.wait_days

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "annual_volume": annual_volume,
                "code": code,
                "cost": cost,
                "imaging": imaging,
                "notes": notes,
                "sites": sites,
                "verification": verification,
                "wait_days": wait_days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.cost import Cost
        from ..models.verification import Verification

        d = dict(src_dict)

        def _parse_annual_volume(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        annual_volume = _parse_annual_volume(d.pop("annual_volume"))

        code = d.pop("code")

        def _parse_cost(data: object) -> Cost | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                cost_type_0 = Cost.from_dict(data)

                return cost_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Cost | None, data)

        cost = _parse_cost(d.pop("cost"))

        imaging = cast(list[str], d.pop("imaging"))

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        sites = cast(list[str], d.pop("sites"))

        verification = Verification.from_dict(d.pop("verification"))

        def _parse_wait_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        wait_days = _parse_wait_days(d.pop("wait_days"))

        service = cls(
            annual_volume=annual_volume,
            code=code,
            cost=cost,
            imaging=imaging,
            notes=notes,
            sites=sites,
            verification=verification,
            wait_days=wait_days,
        )

        return service
