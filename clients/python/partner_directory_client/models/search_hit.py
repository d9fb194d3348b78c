from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.search_hit_vetting_status import SearchHitVettingStatus

if TYPE_CHECKING:
    from ..models.capability_view import CapabilityView
    from ..models.location import Location
    from ..models.vetting_view import VettingView


T = TypeVar("T", bound="SearchHit")


@_attrs_define
class SearchHit:
    """
    Attributes:
        accepting_referrals (bool):
        aliases (list[str]):
        capabilities (list[CapabilityView]):
        capabilities_available (list[str]):
        city (str):
        country (str):
        demo (bool): A fictional centre of the demo data set.
        distance_km (float | None): From `near`.
        languages (list[str]):
        location (Location | None):
        name (str):
        score (float | None): Text relevance (with q).
        sites (list[str]):
        slug (str):
        version (int):
        vetting (VettingView):
        vetting_status (SearchHitVettingStatus):
    """

    accepting_referrals: bool
    aliases: list[str]
    capabilities: list[CapabilityView]
    capabilities_available: list[str]
    city: str
    country: str
    demo: bool
    distance_km: float | None
    languages: list[str]
    location: Location | None
    name: str
    score: float | None
    sites: list[str]
    slug: str
    version: int
    vetting: VettingView
    vetting_status: SearchHitVettingStatus

    def to_dict(self) -> dict[str, Any]:
        from ..models.location import Location

        accepting_referrals = self.accepting_referrals

        aliases = self.aliases

        capabilities = []
        for capabilities_item_data in self.capabilities:
            capabilities_item = capabilities_item_data.to_dict()
            capabilities.append(capabilities_item)

        capabilities_available = self.capabilities_available

        city = self.city

        country = self.country

        demo = self.demo

        distance_km: float | None
        distance_km = self.distance_km

        languages = self.languages

        location: dict[str, Any] | None
        if isinstance(self.location, Location):
            location = self.location.to_dict()
        else:
            location = self.location

        name = self.name

        score: float | None
        score = self.score

        sites = self.sites

        slug = self.slug

        version = self.version

        vetting = self.vetting.to_dict()

        vetting_status = self.vetting_status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "accepting_referrals": accepting_referrals,
                "aliases": aliases,
                "capabilities": capabilities,
                "capabilities_available": capabilities_available,
                "city": city,
                "country": country,
                "demo": demo,
                "distance_km": distance_km,
                "languages": languages,
                "location": location,
                "name": name,
                "score": score,
                "sites": sites,
                "slug": slug,
                "version": version,
                "vetting": vetting,
                "vetting_status": vetting_status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.capability_view import CapabilityView
        from ..models.location import Location
        from ..models.vetting_view import VettingView

        d = dict(src_dict)
        accepting_referrals = d.pop("accepting_referrals")

        aliases = cast(list[str], d.pop("aliases"))

        capabilities = []
        _capabilities = d.pop("capabilities")
        for capabilities_item_data in _capabilities:
            capabilities_item = CapabilityView.from_dict(capabilities_item_data)

            capabilities.append(capabilities_item)

        capabilities_available = cast(list[str], d.pop("capabilities_available"))

        city = d.pop("city")

        country = d.pop("country")

        demo = d.pop("demo")

        def _parse_distance_km(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        distance_km = _parse_distance_km(d.pop("distance_km"))

        languages = cast(list[str], d.pop("languages"))

        def _parse_location(data: object) -> Location | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                location_type_0 = Location.from_dict(data)

                return location_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Location | None, data)

        location = _parse_location(d.pop("location"))

        name = d.pop("name")

        def _parse_score(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        score = _parse_score(d.pop("score"))

        sites = cast(list[str], d.pop("sites"))

        slug = d.pop("slug")

        version = d.pop("version")

        vetting = VettingView.from_dict(d.pop("vetting"))

        vetting_status = SearchHitVettingStatus(d.pop("vetting_status"))

        search_hit = cls(
            accepting_referrals=accepting_referrals,
            aliases=aliases,
            capabilities=capabilities,
            capabilities_available=capabilities_available,
            city=city,
            country=country,
            demo=demo,
            distance_km=distance_km,
            languages=languages,
            location=location,
            name=name,
            score=score,
            sites=sites,
            slug=slug,
            version=version,
            vetting=vetting,
            vetting_status=vetting_status,
        )

        return search_hit
