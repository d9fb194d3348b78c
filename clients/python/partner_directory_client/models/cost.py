from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Cost")


@_attrs_define
class Cost:
    """
    Attributes:
        currency (str): The currency of min and max: ISO 4217, in capitals. Example: USD.
        max_ (int): The highest price, in whole units of the currency; not below min. Example: 6000.
        min_ (int): The lowest price, in whole units of the currency. Example: 3000.
    """

    currency: str
    max_: int
    min_: int

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        max_ = self.max_

        min_ = self.min_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "currency": currency,
                "max": max_,
                "min": min_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        currency = d.pop("currency")

        max_ = d.pop("max")

        min_ = d.pop("min")

        cost = cls(
            currency=currency,
            max_=max_,
            min_=min_,
        )

        return cost
