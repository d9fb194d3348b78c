from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ClientRotation")


@_attrs_define
class ClientRotation:
    """
    Attributes:
        overlap_seconds (int | Unset): Seconds the previous secret is still accepted at the token endpoint, from 0 (a
            leaked secret: at once) to 604800 (a week). Default 0. Default: 0. Example: 0.
    """

    overlap_seconds: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        overlap_seconds = self.overlap_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if overlap_seconds is not UNSET:
            field_dict["overlap_seconds"] = overlap_seconds

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        overlap_seconds = d.pop("overlap_seconds", UNSET)

        client_rotation = cls(
            overlap_seconds=overlap_seconds,
        )

        return client_rotation
