"""Distances on the earth, as search computes them (its sphere and its formula), for every
place that filters or orders by distance."""

from __future__ import annotations

import math

#: Elasticsearch's mean earth radius, so that every backend's distances agree with its.
EARTH_RADIUS_KM = 6371.0087714


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance by the haversine formula."""
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
