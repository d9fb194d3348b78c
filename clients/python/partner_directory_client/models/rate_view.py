from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="RateView")


@_attrs_define
class RateView:
    """
    Attributes:
        as_of (str): ISO date of the rate.
        currency (str):
        source (str):
        usd_per_unit (float):
    """

    as_of: str
    currency: str
    source: str
    usd_per_unit: float

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of

        currency = self.currency

        source = self.source

        usd_per_unit = self.usd_per_unit

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "as_of": as_of,
                "currency": currency,
                "source": source,
                "usd_per_unit": usd_per_unit,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        as_of = d.pop("as_of")

        currency = d.pop("currency")

        source = d.pop("source")

        usd_per_unit = d.pop("usd_per_unit")

        rate_view = cls(
            as_of=as_of,
            currency=currency,
            source=source,
            usd_per_unit=usd_per_unit,
        )

        return rate_view
