"""Distances between places and the network latency they imply."""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle (haversine) distance [km] between points given in degrees."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def round_trip_ms(km, ms_per_km: float = 0.0075, overhead_ms: float = 2.0):
    """Round-trip network latency [ms] over ``km`` of great-circle distance.

    ``ms_per_km`` is one-way latency per km: 5 us/km for light in fibre times a route
    factor of 1.5 by default; ``overhead_ms`` covers switching and serving.
    """
    return overhead_ms + 2.0 * np.asarray(km) * ms_per_km
