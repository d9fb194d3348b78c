from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.capability_code import CapabilityCode
from ..models.lesion_site_code import LesionSiteCode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cost import Cost


T = TypeVar("T", bound="ServiceInput")


@_attrs_define
class ServiceInput:
    """
    Attributes:
        sites (list[LesionSiteCode]): The lesion sites the centre treats with the service, 1 to 10, each once: sites the
            service treats (see the vocabulary), else 422. Example: ['spine', 'pelvis-sacrum'].
        annual_volume (int | None | Unset): How many of these procedures the centre performs a year; null or absent:
            unknown. Example: 180.
        cost (Cost | None | Unset): The price range, per what the service's cost_basis says (see the vocabulary); null
            or absent: unknown. Example: {'currency': 'USD', 'max': 6000, 'min': 3000}.
        imaging (list[CapabilityCode] | Unset): The image guidance the centre uses for it: imaging capability codes, up
            to 10, each once. Example: ['ct-guidance', 'mri-guidance'].
        notes (None | str | Unset): Anything else about the offering, up to 2000 characters; null or absent: none.
            Example: Sessions under general anaesthesia; one night in hospital..
        wait_days (int | None | Unset): The usual wait for the procedure, in days (0 to 3650); null or absent: unknown.
            Example: 14.
    """

    sites: list[LesionSiteCode]
    annual_volume: int | None | Unset = UNSET
    cost: Cost | None | Unset = UNSET
    imaging: list[CapabilityCode] | Unset = UNSET
    notes: None | str | Unset = UNSET
    wait_days: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.cost import Cost

        sites = []
        for sites_item_data in self.sites:
            sites_item = sites_item_data.value
            sites.append(sites_item)

        annual_volume: int | None | Unset
        if isinstance(self.annual_volume, Unset):
            annual_volume = UNSET
        else:
            annual_volume = self.annual_volume

        cost: dict[str, Any] | None | Unset
        if isinstance(self.cost, Unset):
            cost = UNSET
        elif isinstance(self.cost, Cost):
            cost = self.cost.to_dict()
        else:
            cost = self.cost

        imaging: list[str] | Unset = UNSET
        if not isinstance(self.imaging, Unset):
            imaging = []
            for imaging_item_data in self.imaging:
                imaging_item = imaging_item_data.value
                imaging.append(imaging_item)

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        wait_days: int | None | Unset
        if isinstance(self.wait_days, Unset):
            wait_days = UNSET
        else:
            wait_days = self.wait_days

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sites": sites,
            }
        )
        if annual_volume is not UNSET:
            field_dict["annual_volume"] = annual_volume
        if cost is not UNSET:
            field_dict["cost"] = cost
        if imaging is not UNSET:
            field_dict["imaging"] = imaging
        if notes is not UNSET:
            field_dict["notes"] = notes
        if wait_days is not UNSET:
            field_dict["wait_days"] = wait_days

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.cost import Cost

        d = dict(src_dict)
        sites = []
        _sites = d.pop("sites")
        for sites_item_data in _sites:
            sites_item = LesionSiteCode(sites_item_data)

            sites.append(sites_item)

        def _parse_annual_volume(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        annual_volume = _parse_annual_volume(d.pop("annual_volume", UNSET))

        def _parse_cost(data: object) -> Cost | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                cost_type_0 = Cost.from_dict(data)

                return cost_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Cost | None | Unset, data)

        cost = _parse_cost(d.pop("cost", UNSET))

        _imaging = d.pop("imaging", UNSET)
        imaging: list[CapabilityCode] | Unset = UNSET
        if _imaging is not UNSET:
            imaging = []
            for imaging_item_data in _imaging:
                imaging_item = CapabilityCode(imaging_item_data)

                imaging.append(imaging_item)

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        def _parse_wait_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        wait_days = _parse_wait_days(d.pop("wait_days", UNSET))

        service_input = cls(
            sites=sites,
            annual_volume=annual_volume,
            cost=cost,
            imaging=imaging,
            notes=notes,
            wait_days=wait_days,
        )

        return service_input
