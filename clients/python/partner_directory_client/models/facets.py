from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.facet import Facet


T = TypeVar("T", bound="Facets")


@_attrs_define
class Facets:
    """
    Attributes:
        capability (list[Facet]):
        country (list[Facet]):
        site (list[Facet]):
        vetting_status (list[Facet]):
    """

    capability: list[Facet]
    country: list[Facet]
    site: list[Facet]
    vetting_status: list[Facet]

    def to_dict(self) -> dict[str, Any]:
        capability = []
        for capability_item_data in self.capability:
            capability_item = capability_item_data.to_dict()
            capability.append(capability_item)

        country = []
        for country_item_data in self.country:
            country_item = country_item_data.to_dict()
            country.append(country_item)

        site = []
        for site_item_data in self.site:
            site_item = site_item_data.to_dict()
            site.append(site_item)

        vetting_status = []
        for vetting_status_item_data in self.vetting_status:
            vetting_status_item = vetting_status_item_data.to_dict()
            vetting_status.append(vetting_status_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "capability": capability,
                "country": country,
                "site": site,
                "vetting_status": vetting_status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.facet import Facet

        d = dict(src_dict)
        capability = []
        _capability = d.pop("capability")
        for capability_item_data in _capability:
            capability_item = Facet.from_dict(capability_item_data)

            capability.append(capability_item)

        country = []
        _country = d.pop("country")
        for country_item_data in _country:
            country_item = Facet.from_dict(country_item_data)

            country.append(country_item)

        site = []
        _site = d.pop("site")
        for site_item_data in _site:
            site_item = Facet.from_dict(site_item_data)

            site.append(site_item)

        vetting_status = []
        _vetting_status = d.pop("vetting_status")
        for vetting_status_item_data in _vetting_status:
            vetting_status_item = Facet.from_dict(vetting_status_item_data)

            vetting_status.append(vetting_status_item)

        facets = cls(
            capability=capability,
            country=country,
            site=site,
            vetting_status=vetting_status,
        )

        return facets
