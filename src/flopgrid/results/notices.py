"""Things about a solved plan worth a second look: warnings, never errors.

A yearly plan balances each site's energy over the year with annual capacity factors, so a
fleet that leans on wind and solar can pass it and still leave hours unserved (issue 16:
the north-sea-wind seed's yearly fleet, dispatched hour by hour, leaves 16 % of its work
unserved; planned on 12 representative days, none). The plan says so where it matters.
"""

from __future__ import annotations

from collections.abc import Sequence

import xarray as xr

#: share of a site's yearly energy from wind and solar above which a yearly plan warns
VARIABLE_SHARE_TO_WARN = 0.2
#: a year counts when the site's energy is at least this share of its largest year's
MATERIAL_YEAR = 0.1


def yearly_plan_warnings(data: xr.Dataset, weather_techs: Sequence[str]) -> list[str]:
    """A sentence naming the sites whose energy comes more than ``VARIABLE_SHARE_TO_WARN``
    from ``weather_techs`` (wind and solar) in some year, for a plan made on one yearly
    slice (the caller knows which); none if there is no such site."""
    if "generation_twh" not in data:
        return []
    gen = data["generation_twh"]
    techs = [str(t) for t in gen.coords["tech"].values if str(t) in weather_techs]
    if not techs:
        return []
    energy = gen.sum("tech")
    if "grid_import_twh" in data:
        energy = energy + data["grid_import_twh"]
    # years in which the site runs at scale (a first year's few panels are not the fleet)
    material = (energy > 0) & (energy >= MATERIAL_YEAR * energy.max("year"))
    share = (gen.sel(tech=techs).sum("tech") / energy.where(material)).fillna(0.0)
    peaks = share.max("year")
    over = [(str(site), float(peaks.sel(site=site))) for site in share.coords["site"].values]
    over = [(site, peak) for site, peak in over if peak > VARIABLE_SHARE_TO_WARN]
    if not over:
        return []
    shares = [f"{peak:.0%} at {site}" for site, peak in over]
    listed = shares[0] if len(shares) == 1 else f"{', '.join(shares[:-1])} and {shares[-1]}"
    first, rest = listed.split(" at ", 1)
    return [
        f"wind and solar give as much as {first} of a year's energy at {rest}; this yearly "
        "plan balances that energy over the year only, so the fleet may leave hours "
        "unserved. Plan with --periods 12 --segments 6 (representative days in 6 steps; "
        "without --segments, hour by hour) or check it hour by hour with `flopgrid dispatch RUN`"
    ]
