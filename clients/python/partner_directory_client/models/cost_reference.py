from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="CostReference")


@_attrs_define
class CostReference:
    """
    Attributes:
        code (str):
        currency (str):
        label (str):
        max_ (int):
        min_ (int):
        note (str):
        per (str): What the amount is for, e.g. a single-lesion session or a course.
        source (str): The clinical source's own words.
    """

    code: str
    currency: str
    label: str
    max_: int
    min_: int
    note: str
    per: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        currency = self.currency

        label = self.label

        max_ = self.max_

        min_ = self.min_

        note = self.note

        per = self.per

        source = self.source

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "currency": currency,
                "label": label,
                "max": max_,
                "min": min_,
                "note": note,
                "per": per,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code")

        currency = d.pop("currency")

        label = d.pop("label")

        max_ = d.pop("max")

        min_ = d.pop("min")

        note = d.pop("note")

        per = d.pop("per")

        source = d.pop("source")

        cost_reference = cls(
            code=code,
            currency=currency,
            label=label,
            max_=max_,
            min_=min_,
            note=note,
            per=per,
            source=source,
        )

        return cost_reference
