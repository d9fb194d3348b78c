from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.capability_code import CapabilityCode
from ..models.lesion_site_code import LesionSiteCode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.service_patch_cost_type_0 import ServicePatchCostType0


T = TypeVar("T", bound="ServicePatch")


@_attrs_define
class ServicePatch:
    """
    Attributes:
        annual_volume (int | None | Unset): How many of these procedures the centre performs a year; null clears it.
            Example: 180.
        cost (None | ServicePatchCostType0 | Unset): {currency, min, max}, merged with the current cost key by key (min
            not above max); null clears it. Example: {'max': 6500, 'min': 3200}.
        imaging (list[CapabilityCode] | None | Unset): The image guidance the centre uses for it: imaging capability
            codes, up to 10, each once. Replaces the list; null clears it. Example: ['ct-guidance', 'mri-guidance'].
        notes (None | str | Unset): Anything else about the offering, up to 2000 characters; null clears it. Example:
            Sessions under general anaesthesia; one night in hospital..
        sites (list[LesionSiteCode] | Unset): The lesion sites the centre treats with the service, 1 to 10, each once:
            sites the service treats (see the vocabulary), else 422. Replaces the list. Example: ['spine', 'pelvis-sacrum'].
        wait_days (int | None | Unset): The usual wait for the procedure, in days; null clears it. Example: 10.
    """

    annual_volume: int | None | Unset = UNSET
    cost: None | ServicePatchCostType0 | Unset = UNSET
    imaging: list[CapabilityCode] | None | Unset = UNSET
    notes: None | str | Unset = UNSET
    sites: list[LesionSiteCode] | Unset = UNSET
    wait_days: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.service_patch_cost_type_0 import ServicePatchCostType0

        annual_volume: int | None | Unset
        if isinstance(self.annual_volume, Unset):
            annual_volume = UNSET
        else:
            annual_volume = self.annual_volume

        cost: dict[str, Any] | None | Unset
        if isinstance(self.cost, Unset):
            cost = UNSET
        elif isinstance(self.cost, ServicePatchCostType0):
            cost = self.cost.to_dict()
        else:
            cost = self.cost

        imaging: list[str] | None | Unset
        if isinstance(self.imaging, Unset):
            imaging = UNSET
        elif isinstance(self.imaging, list):
            imaging = []
            for imaging_type_0_item_data in self.imaging:
                imaging_type_0_item = imaging_type_0_item_data.value
                imaging.append(imaging_type_0_item)

        else:
            imaging = self.imaging

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        sites: list[str] | Unset = UNSET
        if not isinstance(self.sites, Unset):
            sites = []
            for sites_item_data in self.sites:
                sites_item = sites_item_data.value
                sites.append(sites_item)

        wait_days: int | None | Unset
        if isinstance(self.wait_days, Unset):
            wait_days = UNSET
        else:
            wait_days = self.wait_days

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if annual_volume is not UNSET:
            field_dict["annual_volume"] = annual_volume
        if cost is not UNSET:
            field_dict["cost"] = cost
        if imaging is not UNSET:
            field_dict["imaging"] = imaging
        if notes is not UNSET:
            field_dict["notes"] = notes
        if sites is not UNSET:
            field_dict["sites"] = sites
        if wait_days is not UNSET:
            field_dict["wait_days"] = wait_days

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.service_patch_cost_type_0 import ServicePatchCostType0

        d = dict(src_dict)

        def _parse_annual_volume(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        annual_volume = _parse_annual_volume(d.pop("annual_volume", UNSET))

        def _parse_cost(data: object) -> None | ServicePatchCostType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                cost_type_0 = ServicePatchCostType0.from_dict(data)

                return cost_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ServicePatchCostType0 | Unset, data)

        cost = _parse_cost(d.pop("cost", UNSET))

        def _parse_imaging(data: object) -> list[CapabilityCode] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                imaging_type_0 = []
                _imaging_type_0 = data
                for imaging_type_0_item_data in _imaging_type_0:
                    imaging_type_0_item = CapabilityCode(imaging_type_0_item_data)

                    imaging_type_0.append(imaging_type_0_item)

                return imaging_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[CapabilityCode] | None | Unset, data)

        imaging = _parse_imaging(d.pop("imaging", UNSET))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        _sites = d.pop("sites", UNSET)
        sites: list[LesionSiteCode] | Unset = UNSET
        if _sites is not UNSET:
            sites = []
            for sites_item_data in _sites:
                sites_item = LesionSiteCode(sites_item_data)

                sites.append(sites_item)

        def _parse_wait_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        wait_days = _parse_wait_days(d.pop("wait_days", UNSET))

        service_patch = cls(
            annual_volume=annual_volume,
            cost=cost,
            imaging=imaging,
            notes=notes,
            sites=sites,
            wait_days=wait_days,
        )

        return service_patch
