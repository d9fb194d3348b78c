from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.reason import Reason


T = TypeVar("T", bound="Explanation")


@_attrs_define
class Explanation:
    """
    Attributes:
        centre (str):
        demo (bool | None):
        included (bool):
        name (None | str):
        position (int | None): Its place in the results, from 1.
        reasons (list[Reason]):
    """

    centre: str
    demo: bool | None
    included: bool
    name: None | str
    position: int | None
    reasons: list[Reason]

    def to_dict(self) -> dict[str, Any]:
        centre = self.centre

        demo: bool | None
        demo = self.demo

        included = self.included

        name: None | str
        name = self.name

        position: int | None
        position = self.position

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "centre": centre,
                "demo": demo,
                "included": included,
                "name": name,
                "position": position,
                "reasons": reasons,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.reason import Reason

        d = dict(src_dict)
        centre = d.pop("centre")

        def _parse_demo(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        demo = _parse_demo(d.pop("demo"))

        included = d.pop("included")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        def _parse_position(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        position = _parse_position(d.pop("position"))

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = Reason.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        explanation = cls(
            centre=centre,
            demo=demo,
            included=included,
            name=name,
            position=position,
            reasons=reasons,
        )

        return explanation
