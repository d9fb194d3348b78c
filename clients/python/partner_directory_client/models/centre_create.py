from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contact import Contact
    from ..models.location import Location


T = TypeVar("T", bound="CentreCreate")


@_attrs_define
class CentreCreate:
    """
    Attributes:
        city (str): The city the centre is in. Example: Beijing.
        country (str): The centre's country: ISO 3166-1 alpha-2, in capitals. Example: CN.
        name (str): The centre's name, as it calls itself. Example: Peking Union Medical College Hospital.
        slug (str): The centre's id in URLs, for good: 2 to 64 lower-case letters and digits in words joined by single
            hyphens; not search or suggest. Taken already: 409. Example: pumch.
        accepting_referrals (bool | Unset): Whether the centre takes new referrals now: false leaves it out of matches,
            and a referral to it cannot be requested. Example: True.
        accreditations (list[str] | Unset): Accreditations the centre holds, up to 20. A change replaces the whole list.
            Example: ['JCI'].
        aliases (list[str] | Unset): Other names the centre is known by (abbreviations, other scripts), searched like
            the name; up to 20, each once. A change replaces the whole list. Example: ['PUMCH', '北京协和医院'].
        contact (Contact | Unset):
        languages (list[str] | Unset): BCP 47 language tags: the languages the staff speak with patients; up to 20, each
            once. Example: ['zh', 'en'].
        location (Location | None | Unset): Where the centre is (city-level is enough), for distance search; null:
            unknown (a change to null clears it). Example: {'lat': 39.912, 'lon': 116.417}.
    """

    city: str
    country: str
    name: str
    slug: str
    accepting_referrals: bool | Unset = UNSET
    accreditations: list[str] | Unset = UNSET
    aliases: list[str] | Unset = UNSET
    contact: Contact | Unset = UNSET
    languages: list[str] | Unset = UNSET
    location: Location | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.location import Location

        city = self.city

        country = self.country

        name = self.name

        slug = self.slug

        accepting_referrals = self.accepting_referrals

        accreditations: list[str] | Unset = UNSET
        if not isinstance(self.accreditations, Unset):
            accreditations = self.accreditations

        aliases: list[str] | Unset = UNSET
        if not isinstance(self.aliases, Unset):
            aliases = self.aliases

        contact: dict[str, Any] | Unset = UNSET
        if not isinstance(self.contact, Unset):
            contact = self.contact.to_dict()

        languages: list[str] | Unset = UNSET
        if not isinstance(self.languages, Unset):
            languages = self.languages

        location: dict[str, Any] | None | Unset
        if isinstance(self.location, Unset):
            location = UNSET
        elif isinstance(self.location, Location):
            location = self.location.to_dict()
        else:
            location = self.location

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "city": city,
                "country": country,
                "name": name,
                "slug": slug,
            }
        )
        if accepting_referrals is not UNSET:
            field_dict["accepting_referrals"] = accepting_referrals
        if accreditations is not UNSET:
            field_dict["accreditations"] = accreditations
        if aliases is not UNSET:
            field_dict["aliases"] = aliases
        if contact is not UNSET:
            field_dict["contact"] = contact
        if languages is not UNSET:
            field_dict["languages"] = languages
        if location is not UNSET:
            field_dict["location"] = location

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.contact import Contact
        from ..models.location import Location

        d = dict(src_dict)
        city = d.pop("city")

        country = d.pop("country")

        name = d.pop("name")

        slug = d.pop("slug")

        accepting_referrals = d.pop("accepting_referrals", UNSET)

        accreditations = cast(list[str], d.pop("accreditations", UNSET))

        aliases = cast(list[str], d.pop("aliases", UNSET))

        _contact = d.pop("contact", UNSET)
        contact: Contact | Unset
        if isinstance(_contact, Unset):
            contact = UNSET
        else:
            contact = Contact.from_dict(_contact)

        languages = cast(list[str], d.pop("languages", UNSET))

        def _parse_location(data: object) -> Location | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                location_type_0 = Location.from_dict(data)

                return location_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Location | None | Unset, data)

        location = _parse_location(d.pop("location", UNSET))

        centre_create = cls(
            city=city,
            country=country,
            name=name,
            slug=slug,
            accepting_referrals=accepting_referrals,
            accreditations=accreditations,
            aliases=aliases,
            contact=contact,
            languages=languages,
            location=location,
        )

        return centre_create
