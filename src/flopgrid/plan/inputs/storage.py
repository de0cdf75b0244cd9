"""Storage technologies: how much energy a GW holds and what a round trip loses."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from ...scenario.schema import Scenario


@dataclass(frozen=True)
class Storage:
    """Per storage technology (dim ``tech``, the storage techs only).

    Attributes
    ----------
    duration_hours
        Energy per unit of power [GWh/GW].
    efficiency
        Share kept on each way in and out [1]: the square root of the round-trip
        efficiency, as the dispatch applies it.
    """

    names: pd.Index
    duration_hours: xr.DataArray
    efficiency: xr.DataArray


def build_storage(scn: Scenario) -> Storage:
    names = pd.Index([n for n, p in scn.power.items() if p.kind == "storage"], name="tech")
    specs = [scn.power[n] for n in names]

    def per_tech(values) -> xr.DataArray:
        return xr.DataArray(np.asarray(values, float), dims="tech", coords={"tech": names})

    return Storage(
        names=names,
        duration_hours=per_tech([p.duration_hours for p in specs]),
        efficiency=per_tech([np.sqrt(p.round_trip_efficiency) for p in specs]),
    )
