from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Location")


@_attrs_define
class Location:
    """
    Attributes:
        lat (float): Latitude in decimal degrees (WGS 84), -90 to 90. Example: 39.912.
        lon (float): Longitude in decimal degrees (WGS 84), -180 to 180. Example: 116.417.
    """

    lat: float
    lon: float

    def to_dict(self) -> dict[str, Any]:
        lat = self.lat

        lon = self.lon

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "lat": lat,
                "lon": lon,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        lat = d.pop("lat")

        lon = d.pop("lon")

        location = cls(
            lat=lat,
            lon=lon,
        )

        return location
