from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ExchangeRate")


@_attrs_define
class ExchangeRate:
    """
    Attributes:
        as_of (datetime.date):
        currency (str):
        set_by (str):
        source (str):
        updated_at (datetime.datetime):
        usd_per_unit (float):
    """

    as_of: datetime.date
    currency: str
    set_by: str
    source: str
    updated_at: datetime.datetime
    usd_per_unit: float

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        currency = self.currency

        set_by = self.set_by

        source = self.source

        updated_at = self.updated_at.isoformat()

        usd_per_unit = self.usd_per_unit

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "as_of": as_of,
                "currency": currency,
                "set_by": set_by,
                "source": source,
                "updated_at": updated_at,
                "usd_per_unit": usd_per_unit,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        currency = d.pop("currency")

        set_by = d.pop("set_by")

        source = d.pop("source")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        usd_per_unit = d.pop("usd_per_unit")

        exchange_rate = cls(
            as_of=as_of,
            currency=currency,
            set_by=set_by,
            source=source,
            updated_at=updated_at,
            usd_per_unit=usd_per_unit,
        )

        return exchange_rate
