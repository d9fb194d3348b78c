from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.suggestion_kind import SuggestionKind

T = TypeVar("T", bound="Suggestion")


@_attrs_define
class Suggestion:
    """
    Attributes:
        city (None | str): The centre's city (centres only).
        country (str):
        kind (SuggestionKind): centre or city.
        matched (str): The name, alias, romanised name or city that completes what was typed.
        slug (None | str): The centre (centres only).
        text (str): What to show: the centre's name, or the city.
    """

    city: None | str
    country: str
    kind: SuggestionKind
    matched: str
    slug: None | str
    text: str

    def to_dict(self) -> dict[str, Any]:
        city: None | str
        city = self.city

        country = self.country

        kind = self.kind.value

        matched = self.matched

        slug: None | str
        slug = self.slug

        text = self.text

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "city": city,
                "country": country,
                "kind": kind,
                "matched": matched,
                "slug": slug,
                "text": text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_city(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        city = _parse_city(d.pop("city"))

        country = d.pop("country")

        kind = SuggestionKind(d.pop("kind"))

        matched = d.pop("matched")

        def _parse_slug(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        slug = _parse_slug(d.pop("slug"))

        text = d.pop("text")

        suggestion = cls(
            city=city,
            country=country,
            kind=kind,
            matched=matched,
            slug=slug,
            text=text,
        )

        return suggestion
