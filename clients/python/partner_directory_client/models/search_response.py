from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.facets import Facets
    from ..models.search_hit import SearchHit


T = TypeVar("T", bound="SearchResponse")


@_attrs_define
class SearchResponse:
    """
    Attributes:
        backend (str): elasticsearch or local: which backend answered.
        degraded (None | str): Why the preferred backend did not answer, if it did not.
        facets (Facets):
        items (list[SearchHit]):
        next_ (None | str): The next page: this request with page + 1; null on the last page.
        order (str): relevance, distance or slug.
        page (int): This page's number, from 1.
        page_size (int): At most this many items per page.
        previous (None | str): The previous page; null on the first.
        total (int): How many items match, on every page.
    """

    backend: str
    degraded: None | str
    facets: Facets
    items: list[SearchHit]
    next_: None | str
    order: str
    page: int
    page_size: int
    previous: None | str
    total: int

    def to_dict(self) -> dict[str, Any]:
        backend = self.backend

        degraded: None | str
        degraded = self.degraded

        facets = self.facets.to_dict()

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        next_: None | str
        next_ = self.next_

        order = self.order

        page = self.page

        page_size = self.page_size

        previous: None | str
        previous = self.previous

        total = self.total

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "backend": backend,
                "degraded": degraded,
                "facets": facets,
                "items": items,
                "next": next_,
                "order": order,
                "page": page,
                "page_size": page_size,
                "previous": previous,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.facets import Facets
        from ..models.search_hit import SearchHit

        d = dict(src_dict)
        backend = d.pop("backend")

        def _parse_degraded(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        degraded = _parse_degraded(d.pop("degraded"))

        facets = Facets.from_dict(d.pop("facets"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = SearchHit.from_dict(items_item_data)

            items.append(items_item)

        def _parse_next_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_ = _parse_next_(d.pop("next"))

        order = d.pop("order")

        page = d.pop("page")

        page_size = d.pop("page_size")

        def _parse_previous(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        previous = _parse_previous(d.pop("previous"))

        total = d.pop("total")

        search_response = cls(
            backend=backend,
            degraded=degraded,
            facets=facets,
            items=items,
            next_=next_,
            order=order,
            page=page,
            page_size=page_size,
            previous=previous,
            total=total,
        )

        return search_response
