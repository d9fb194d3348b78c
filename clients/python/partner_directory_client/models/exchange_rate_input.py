from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ExchangeRateInput")


@_attrs_define
class ExchangeRateInput:
    """
    Attributes:
        as_of (datetime.date): The rate's date (ISO, not in the future). Example: 2026-11-30.
        source (str): Where the rate comes from, up to 500 characters. Example: Central bank reference rate of the day.
        usd_per_unit (float): US dollars per one unit of the currency (above 0). Example: 0.14.
    """

    as_of: datetime.date
    source: str
    usd_per_unit: float

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        source = self.source

        usd_per_unit = self.usd_per_unit

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "as_of": as_of,
                "source": source,
                "usd_per_unit": usd_per_unit,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        source = d.pop("source")

        usd_per_unit = d.pop("usd_per_unit")

        exchange_rate_input = cls(
            as_of=as_of,
            source=source,
            usd_per_unit=usd_per_unit,
        )

        return exchange_rate_input
