from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.rate_view import RateView


T = TypeVar("T", bound="UsdCost")


@_attrs_define
class UsdCost:
    """
    Attributes:
        max_ (float):
        min_ (float):
        rate (None | RateView): null for a cost in USD.
    """

    max_: float
    min_: float
    rate: None | RateView

    def to_dict(self) -> dict[str, Any]:
        from ..models.rate_view import RateView

        max_ = self.max_

        min_ = self.min_

        rate: dict[str, Any] | None
        if isinstance(self.rate, RateView):
            rate = self.rate.to_dict()
        else:
            rate = self.rate

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "max": max_,
                "min": min_,
                "rate": rate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.rate_view import RateView

        d = dict(src_dict)
        max_ = d.pop("max")

        min_ = d.pop("min")

        def _parse_rate(data: object) -> None | RateView:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rate_type_0 = RateView.from_dict(data)

                return rate_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RateView, data)

        rate = _parse_rate(d.pop("rate"))

        usd_cost = cls(
            max_=max_,
            min_=min_,
            rate=rate,
        )

        return usd_cost
