from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contact import Contact
    from ..models.location import Location


T = TypeVar("T", bound="CentrePatch")


@_attrs_define
class CentrePatch:
    """
    Attributes:
        accepting_referrals (bool | Unset): Whether the centre takes new referrals now: false leaves it out of matches,
            and a referral to it cannot be requested. Example: True.
        accreditations (list[str] | Unset): Accreditations the centre holds, up to 20. A change replaces the whole list.
            Example: ['JCI'].
        aliases (list[str] | Unset): Other names the centre is known by (abbreviations, other scripts), searched like
            the name; up to 20, each once. A change replaces the whole list. Example: ['PUMCH', '北京协和医院'].
        city (str | Unset): The city the centre is in. Example: Beijing.
        contact (Contact | Unset):
        country (str | Unset): The centre's country: ISO 3166-1 alpha-2, in capitals. Example: CN.
        languages (list[str] | Unset): BCP 47 language tags: the languages the staff speak with patients; up to 20, each
            once. Example: ['zh', 'en'].
        location (Location | None | Unset): Where the centre is (city-level is enough), for distance search; null:
            unknown (a change to null clears it). Example: {'lat': 39.912, 'lon': 116.417}.
        name (str | Unset): The centre's name, as it calls itself. Example: Peking Union Medical College Hospital.
    """

    accepting_referrals: bool | Unset = UNSET
    accreditations: list[str] | Unset = UNSET
    aliases: list[str] | Unset = UNSET
    city: str | Unset = UNSET
    contact: Contact | Unset = UNSET
    country: str | Unset = UNSET
    languages: list[str] | Unset = UNSET
    location: Location | None | Unset = UNSET
    name: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.location import Location

        accepting_referrals = self.accepting_referrals

        accreditations: list[str] | Unset = UNSET
        if not isinstance(self.accreditations, Unset):
            accreditations = self.accreditations

        aliases: list[str] | Unset = UNSET
        if not isinstance(self.aliases, Unset):
            aliases = self.aliases

        city = self.city

        contact: dict[str, Any] | Unset = UNSET
        if not isinstance(self.contact, Unset):
            contact = self.contact.to_dict()

        country = self.country

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

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if accepting_referrals is not UNSET:
            field_dict["accepting_referrals"] = accepting_referrals
        if accreditations is not UNSET:
            field_dict["accreditations"] = accreditations
        if aliases is not UNSET:
            field_dict["aliases"] = aliases
        if city is not UNSET:
            field_dict["city"] = city
        if contact is not UNSET:
            field_dict["contact"] = contact
        if country is not UNSET:
            field_dict["country"] = country
        if languages is not UNSET:
            field_dict["languages"] = languages
        if location is not UNSET:
            field_dict["location"] = location
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.contact import Contact
        from ..models.location import Location

        d = dict(src_dict)
        accepting_referrals = d.pop("accepting_referrals", UNSET)

        accreditations = cast(list[str], d.pop("accreditations", UNSET))

        aliases = cast(list[str], d.pop("aliases", UNSET))

        city = d.pop("city", UNSET)

        _contact = d.pop("contact", UNSET)
        contact: Contact | Unset
        if isinstance(_contact, Unset):
            contact = UNSET
        else:
            contact = Contact.from_dict(_contact)

        country = d.pop("country", UNSET)

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

        name = d.pop("name", UNSET)

        centre_patch = cls(
            accepting_referrals=accepting_referrals,
            accreditations=accreditations,
            aliases=aliases,
            city=city,
            contact=contact,
            country=country,
            languages=languages,
            location=location,
            name=name,
        )

        return centre_patch
