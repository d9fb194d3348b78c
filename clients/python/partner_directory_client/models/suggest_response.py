from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.suggestion import Suggestion


T = TypeVar("T", bound="SuggestResponse")


@_attrs_define
class SuggestResponse:
    """
    Attributes:
        backend (str): elasticsearch or local: which backend answered.
        degraded (None | str): Why the preferred backend did not answer, if it did not.
        items (list[Suggestion]):
    """

    backend: str
    degraded: None | str
    items: list[Suggestion]

    def to_dict(self) -> dict[str, Any]:
        backend = self.backend

        degraded: None | str
        degraded = self.degraded

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "backend": backend,
                "degraded": degraded,
                "items": items,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.suggestion import Suggestion

        d = dict(src_dict)
        backend = d.pop("backend")

        def _parse_degraded(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        degraded = _parse_degraded(d.pop("degraded"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = Suggestion.from_dict(items_item_data)

            items.append(items_item)

        suggest_response = cls(
            backend=backend,
            degraded=degraded,
            items=items,
        )

        return suggest_response
