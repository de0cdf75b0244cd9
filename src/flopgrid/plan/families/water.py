"""Water: a site's own water within the cap its community sets."""

from __future__ import annotations

import numpy as np

from ...records import Family
from .base import BuildContext, family


@family(
    Family(
        name="water_limit",
        kind="limit",
        meaning="the site's own water withdrawal (cooling + on-site plants) <= "
        "`water_limit_gl_per_year` [GL]",
        dims=("site", "year"),
        row_unit="GL",
        label="the water cap",
        value_unit="USD per m3",
        value_per_dual=1e3,
        # what the water is worth to the site (the compute and power it lets run), not a
        # price of water: tens of k USD per m3 where it cools compute (README, Bottlenecks)
        relief="one more m3 of water a year allowed for the site's own use",
        place="at {where}",
        fields=(
            "sites.{site}.water_limit_gl_per_year",
            "sites.{site}.datacenter.cooling",
            "sites.{site}.build",
        ),
    )
)
def add_water_limit(ctx: BuildContext, record: Family) -> None:
    limit = ctx.inp.water.limit_gl
    if not bool(np.isfinite(limit).any()):
        return
    ctx.add(record, ctx.expr(ctx.q.water_site_withdrawal_gl), "<=", limit)
