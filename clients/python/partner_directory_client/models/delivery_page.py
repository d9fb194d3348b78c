from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.delivery import Delivery


T = TypeVar("T", bound="DeliveryPage")


@_attrs_define
class DeliveryPage:
    """
    Attributes:
        items (list[Delivery]):
        next_ (None | str): The next page: this request with page + 1; null on the last page.
        page (int): This page's number, from 1.
        page_size (int): At most this many items per page.
        previous (None | str): The previous page; null on the first.
        total (int): How many items match, on every page.
    """

    items: list[Delivery]
    next_: None | str
    page: int
    page_size: int
    previous: None | str
    total: int

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        next_: None | str
        next_ = self.next_

        page = self.page

        page_size = self.page_size

        previous: None | str
        previous = self.previous

        total = self.total

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "items": items,
                "next": next_,
                "page": page,
                "page_size": page_size,
                "previous": previous,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.delivery import Delivery

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = Delivery.from_dict(items_item_data)

            items.append(items_item)

        def _parse_next_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_ = _parse_next_(d.pop("next"))

        page = d.pop("page")

        page_size = d.pop("page_size")

        def _parse_previous(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        previous = _parse_previous(d.pop("previous"))

        total = d.pop("total")

        delivery_page = cls(
            items=items,
            next_=next_,
            page=page,
            page_size=page_size,
            previous=previous,
            total=total,
        )

        return delivery_page
