from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.capability import Capability
    from ..models.contact import Contact
    from ..models.location import Location
    from ..models.provenance import Provenance
    from ..models.service import Service
    from ..models.vetting import Vetting


T = TypeVar("T", bound="Centre")


@_attrs_define
class Centre:
    """
    Attributes:
        accepting_referrals (bool):
        accreditations (list[str]):
        aliases (list[str]):
        capabilities (list[Capability]):
        city (str):
        contact (Contact):
        country (str):
        created_at (datetime.datetime):
        demo (bool): A fictional centre of the demo data set.
        languages (list[str]):
        location (Location | None):
        name (str):
        provenance (Provenance):
        services (list[Service]):
        slug (str):
        updated_at (datetime.datetime):
        version (int):
        vetting (Vetting):
    """

    accepting_referrals: bool
    accreditations: list[str]
    aliases: list[str]
    capabilities: list[Capability]
    city: str
    contact: Contact
    country: str
    created_at: datetime.datetime
    demo: bool
    languages: list[str]
    location: Location | None
    name: str
    provenance: Provenance
    services: list[Service]
    slug: str
    updated_at: datetime.datetime
    version: int
    vetting: Vetting

    def to_dict(self) -> dict[str, Any]:
        from ..models.location import Location

        accepting_referrals = self.accepting_referrals

        accreditations = self.accreditations

        aliases = self.aliases

        capabilities = []
        for capabilities_item_data in self.capabilities:
            capabilities_item = capabilities_item_data.to_dict()
            capabilities.append(capabilities_item)

        city = self.city

        contact = self.contact.to_dict()

        country = self.country

        created_at = self.created_at.isoformat()

        demo = self.demo

        languages = self.languages

        location: dict[str, Any] | None
        if isinstance(self.location, Location):
            location = self.location.to_dict()
        else:
            location = self.location

        name = self.name

        provenance = self.provenance.to_dict()

        services = []
        for services_item_data in self.services:
            services_item = services_item_data.to_dict()
            services.append(services_item)

        slug = self.slug

        updated_at = self.updated_at.isoformat()

        version = self.version

        vetting = self.vetting.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "accepting_referrals": accepting_referrals,
                "accreditations": accreditations,
                "aliases": aliases,
                "capabilities": capabilities,
                "city": city,
                "contact": contact,
                "country": country,
                "created_at": created_at,
                "demo": demo,
                "languages": languages,
                "location": location,
                "name": name,
                "provenance": provenance,
                "services": services,
                "slug": slug,
                "updated_at": updated_at,
                "version": version,
                "vetting": vetting,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.capability import Capability
        from ..models.contact import Contact
        from ..models.location import Location
        from ..models.provenance import Provenance
        from ..models.service import Service
        from ..models.vetting import Vetting

        d = dict(src_dict)
        accepting_referrals = d.pop("accepting_referrals")

        accreditations = cast(list[str], d.pop("accreditations"))

        aliases = cast(list[str], d.pop("aliases"))

        capabilities = []
        _capabilities = d.pop("capabilities")
        for capabilities_item_data in _capabilities:
            capabilities_item = Capability.from_dict(capabilities_item_data)

            capabilities.append(capabilities_item)

        city = d.pop("city")

        contact = Contact.from_dict(d.pop("contact"))

        country = d.pop("country")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        demo = d.pop("demo")

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

        provenance = Provenance.from_dict(d.pop("provenance"))

        services = []
        _services = d.pop("services")
        for services_item_data in _services:
            services_item = Service.from_dict(services_item_data)

            services.append(services_item)

        slug = d.pop("slug")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        vetting = Vetting.from_dict(d.pop("vetting"))

        centre = cls(
            accepting_referrals=accepting_referrals,
            accreditations=accreditations,
            aliases=aliases,
            capabilities=capabilities,
            city=city,
            contact=contact,
            country=country,
            created_at=created_at,
            demo=demo,
            languages=languages,
            location=location,
            name=name,
            provenance=provenance,
            services=services,
            slug=slug,
            updated_at=updated_at,
            version=version,
            vetting=vetting,
        )

        return centre
