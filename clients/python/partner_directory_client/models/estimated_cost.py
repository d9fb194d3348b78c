from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.usd_cost import UsdCost


T = TypeVar("T", bound="EstimatedCost")


@_attrs_define
class EstimatedCost:
    """
    Attributes:
        currency (str): The currency of min and max: ISO 4217, in capitals. Example: USD.
        max_ (int): The highest price, in whole units of the currency; not below min. Example: 6000.
        min_ (int): The lowest price, in whole units of the currency. Example: 3000.
        per (None | str): What the range is for, e.g. a single-lesion session.
        usd (None | UsdCost): In USD with the rate used; null when unknown.
        usd_unknown_because (None | str):
    """

    currency: str
    max_: int
    min_: int
    per: None | str
    usd: None | UsdCost
    usd_unknown_because: None | str

    def to_dict(self) -> dict[str, Any]:
        from ..models.usd_cost import UsdCost

        currency = self.currency

        max_ = self.max_

        min_ = self.min_

        per: None | str
        per = self.per

        usd: dict[str, Any] | None
        if isinstance(self.usd, UsdCost):
            usd = self.usd.to_dict()
        else:
            usd = self.usd

        usd_unknown_because: None | str
        usd_unknown_because = self.usd_unknown_because

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "currency": currency,
                "max": max_,
                "min": min_,
                "per": per,
                "usd": usd,
                "usd_unknown_because": usd_unknown_because,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.usd_cost import UsdCost

        d = dict(src_dict)
        currency = d.pop("currency")

        max_ = d.pop("max")

        min_ = d.pop("min")

        def _parse_per(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        per = _parse_per(d.pop("per"))

        def _parse_usd(data: object) -> None | UsdCost:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                usd_type_0 = UsdCost.from_dict(data)

                return usd_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UsdCost, data)

        usd = _parse_usd(d.pop("usd"))

        def _parse_usd_unknown_because(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        usd_unknown_because = _parse_usd_unknown_because(d.pop("usd_unknown_because"))

        estimated_cost = cls(
            currency=currency,
            max_=max_,
            min_=min_,
            per=per,
            usd=usd,
            usd_unknown_because=usd_unknown_because,
        )

        return estimated_cost
