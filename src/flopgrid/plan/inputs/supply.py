"""Upstream supply: the pools (wafers, CoWoS, HBM), new fabs by node, CoWoS bookings by
designer and the ramp limit on new generations."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from ... import finance, units
from ...scenario import expand, expand_chips
from ...scenario.schema import Scenario
from .accelerators import Accelerators
from .horizon import Horizon, buildable_from, cash_spread, in_service
from .pools import Pools, build_pools


@dataclass(frozen=True)
class Fabs:
    """The kinds of new fab the plan may build (dim ``fab``), each a unit adding wafers to
    one logic pool after its own lead time.

    Attributes
    ----------
    allowed
        New fabs may be built at all (and some kind is defined).
    pool
        (fab, pool): 1 for the pool the fab adds wafers to.
    capex_busd, fixed_om_busd
        (fab) overnight capex [B USD] and fixed O&M [B USD/yr] of one fab.
    wafers_m
        (fab) wafers one fab makes a year [M wafers].
    lead_years, lifetime_years, crf
        (fab) build time [yr], life [yr], capital recovery factor [1/yr].
    max_per_year
        Most new fabs of all kinds entering service in a year (None: no limit).
    in_service, cash
        (fab, vintage, year) matrices.
    buildable
        (fab, vintage): a fab may enter service then.
    """

    allowed: bool
    names: pd.Index
    pool: xr.DataArray
    capex_busd: xr.DataArray
    fixed_om_busd: xr.DataArray
    wafers_m: xr.DataArray
    lead_years: xr.DataArray
    lifetime_years: xr.DataArray
    crf: xr.DataArray
    max_per_year: float | None
    in_service: xr.DataArray
    cash: xr.DataArray
    buildable: xr.DataArray


@dataclass(frozen=True)
class Supply:
    """Chip supply.

    Attributes
    ----------
    pools
        The supply pools and what each generation draws on them.
    fabs
        New fabs.
    booking_share
        (group, year) most share of the CoWoS wafers used in a year one designer's
        accelerators may take (the shares of the designers that can build that year scaled
        up to one when they sum to less); NaN where no row.
    booking_member
        (group, gen): 1 where the generation belongs to the designer's families.
    ramp_share
        Most share of its family's accelerators made a year a generation may take in its
        first year [1] (None: no limit).
    ramp_first
        (gen, year): the generation's first year, with another of its family on sale.
    family_member
        (gen, gen2): 1 where both generations are of one family.
    """

    pools: Pools
    fabs: Fabs
    booking_share: xr.DataArray
    booking_member: xr.DataArray
    ramp_share: float | None
    ramp_first: xr.DataArray
    family_member: xr.DataArray


def _fabs(scn: Scenario, h: Horizon, pools: pd.Index) -> Fabs:
    fabs = expand_chips.fabs(scn)
    names = pd.Index(list(fabs), name="fab")
    f = list(fabs.values())

    def per_fab(values) -> xr.DataArray:
        return xr.DataArray(np.asarray(values, dtype=float), dims="fab", coords={"fab": names})

    life = per_fab([x.lifetime_years for x in f])
    lead = per_fab([x.lead_years for x in f])
    rate = expand.cost_of_capital(scn, None)
    on_pool = np.array([[float(x.pool == p) for p in pools] for x in f]).reshape(
        len(names), len(pools)
    )
    return Fabs(
        allowed=scn.supply.new_fabs_allowed and len(names) > 0,
        names=names,
        pool=xr.DataArray(on_pool, dims=("fab", "pool"), coords={"fab": names, "pool": pools}),
        capex_busd=per_fab([units.busd_from_usd(x.capex_usd) for x in f]),
        fixed_om_busd=per_fab([units.busd_from_usd(x.fixed_om_usd_per_year) for x in f]),
        wafers_m=per_fab([units.to_millions(x.wafers_per_year) for x in f]),
        lead_years=lead,
        lifetime_years=life,
        crf=per_fab([finance.capital_recovery_factor(rate, x.lifetime_years) for x in f]),
        max_per_year=scn.supply.max_new_fabs_per_year,
        in_service=in_service(h, life),
        cash=cash_spread(h, lead),
        buildable=buildable_from(h, lead),
    )


def _booking(scn: Scenario, h: Horizon, acc: Accelerators, pools: Pools):
    groups = pd.Index(list(scn.supply.cowos_booking), name="group")
    member = np.array(
        [
            [float(a in b.families) for a in acc.family.values]
            for b in scn.supply.cowos_booking.values()
        ]
    ).reshape(len(groups), len(acc.names))
    member_da = xr.DataArray(
        member, dims=("group", "gen"), coords={"group": groups, "gen": acc.names}
    )
    share = np.array(
        [expand.trajectory(b.share, h.years) for b in scn.supply.cowos_booking.values()]
    ).reshape(len(groups), len(h.years))
    share_da = xr.DataArray(
        share, dims=("group", "year"), coords={"group": groups, "year": h.years}
    )
    # a designer books only in years it can build: a generation on sale, on CoWoS, allowed
    # somewhere; when those designers' shares sum to less than one they are scaled up to one
    on_cowos = pools.cowos_per_acc.sum("pool") > 0
    can = acc.available & acc.allowed.any("site").rename(vintage="year") & on_cowos
    present = (member_da * can).sum("gen") > 0
    live = share_da.where(present, 0.0)
    total = live.sum("group").clip(max=1.0)
    renorm = (live / total.where(total > 0)).where(present)
    return renorm, member_da


def _ramp(acc: Accelerators):
    fam = acc.family.values
    same = np.array([[float(f != "" and f == g) for g in fam] for f in fam]).reshape(
        len(fam), len(fam)
    )
    member = xr.DataArray(
        same, dims=("gen", "gen2"), coords={"gen": acc.names, "gen2": acc.names.rename("gen2")}
    )
    avail = acc.available
    first = avail & ~avail.shift(year=1, fill_value=False)
    # only where another generation of the family is on sale that year
    others = (member * avail.rename(gen="gen2")).sum("gen2") > 1
    return (first & others), member


def build_supply(scn: Scenario, h: Horizon, acc: Accelerators) -> Supply:
    pools = build_pools(scn, h, acc.names)
    share, member = _booking(scn, h, acc, pools)
    first, family = _ramp(acc)
    starts = np.array(
        [scn.accelerators[g].available_from >= h.start for g in acc.names], dtype=bool
    )
    first = first & xr.DataArray(starts, dims="gen", coords={"gen": acc.names})
    return Supply(
        pools=pools,
        fabs=_fabs(scn, h, pools.names),
        booking_share=share,
        booking_member=member,
        ramp_share=scn.supply.ramp_first_year_share,
        ramp_first=first,
        family_member=family,
    )
