"""Hourly dispatch of a fixed fleet, hourly profiles, and flexibility headroom.

Public API::

    from flopgrid.dispatch import dispatch, headroom_curve, load_mw
    result = dispatch(flopgrid.plan("abu-dhabi-5gw"))            # a full year, hourly
    result.summary["totals"], result.data["utilisation"]
    headroom_curve(load_mw("PJM"), [0.0025, 0.005, 0.01])       # Duke-style headroom
"""

from ..timeseries.csvio import SeriesError, read_series_csv
from ..timeseries.shipped import load_mw
from .fleet import Fleet, fleet_from_result, fleet_from_scenario
from .headroom import headroom_curve, headroom_mw, shifted_headroom_mw
from .run import dispatch

__all__ = [
    "Fleet",
    "SeriesError",
    "dispatch",
    "fleet_from_result",
    "fleet_from_scenario",
    "headroom_curve",
    "headroom_mw",
    "load_mw",
    "read_series_csv",
    "shifted_headroom_mw",
]
