from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.match_centre_vetting_status import MatchCentreVettingStatus

if TYPE_CHECKING:
    from ..models.vetting_view import VettingView


T = TypeVar("T", bound="MatchCentre")


@_attrs_define
class MatchCentre:
    """
    Attributes:
        accepting_referrals (bool):
        city (str):
        country (str):
        demo (bool): A fictional centre of the demo data set.
        languages (list[str]):
        name (str):
        slug (str):
        vetting (VettingView):
        vetting_status (MatchCentreVettingStatus):
    """

    accepting_referrals: bool
    city: str
    country: str
    demo: bool
    languages: list[str]
    name: str
    slug: str
    vetting: VettingView
    vetting_status: MatchCentreVettingStatus

    def to_dict(self) -> dict[str, Any]:
        accepting_referrals = self.accepting_referrals

        city = self.city

        country = self.country

        demo = self.demo

        languages = self.languages

        name = self.name

        slug = self.slug

        vetting = self.vetting.to_dict()

        vetting_status = self.vetting_status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "accepting_referrals": accepting_referrals,
                "city": city,
                "country": country,
                "demo": demo,
                "languages": languages,
                "name": name,
                "slug": slug,
                "vetting": vetting,
                "vetting_status": vetting_status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.vetting_view import VettingView

        d = dict(src_dict)
        accepting_referrals = d.pop("accepting_referrals")

        city = d.pop("city")

        country = d.pop("country")

        demo = d.pop("demo")

        languages = cast(list[str], d.pop("languages"))

        name = d.pop("name")

        slug = d.pop("slug")

        vetting = VettingView.from_dict(d.pop("vetting"))

        vetting_status = MatchCentreVettingStatus(d.pop("vetting_status"))

        match_centre = cls(
            accepting_referrals=accepting_referrals,
            city=city,
            country=country,
            demo=demo,
            languages=languages,
            name=name,
            slug=slug,
            vetting=vetting,
            vetting_status=vetting_status,
        )

        return match_centre
