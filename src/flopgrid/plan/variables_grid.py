"""The grid connection as a decision: GW of connection entering service per site and year,
only once the site's interconnection queue allows (a mask, like every lead time)."""

from __future__ import annotations

import linopy

from .inputs import PlanInputs
from .variables import Vars


def add_grid_variables(m: linopy.Model, inp: PlanInputs, var: Vars) -> None:
    """Add ``grid_connection_built`` [GW] (site, vintage), >= 0."""
    g = inp.grid
    var["grid_connection_built"] = m.add_variables(
        lower=0,
        coords=[inp.sites.names, inp.horizon.vintages],
        name="grid_connection_built",
        mask=g.buildable.transpose("site", "vintage"),
    )
