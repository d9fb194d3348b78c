from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Budget")


@_attrs_define
class Budget:
    """
    Attributes:
        amount (int): The amount, in whole units of the currency. Example: 40000.
        currency (str): ISO 4217. A currency without an exchange rate (GET /v1/exchange-rates) is a 422. Example: CNY.
    """

    amount: int
    currency: str

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        currency = self.currency

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        amount = d.pop("amount")

        currency = d.pop("currency")

        budget = cls(
            amount=amount,
            currency=currency,
        )

        return budget
