"""Policy: export caps, a capital budget, a clean-energy floor."""

from __future__ import annotations

import numpy as np

from ...records import Family
from .base import BuildContext, family
from .compute import USD_PER_H100E


@family(
    Family(
        name="export_cap",
        kind="limit",
        meaning=(
            "accelerators (or h100e) of the capped classes in service in a country <= its cap"
            " (`policy.export_caps` or a cap rule of `policy.export_rules`) [M]"
        ),
        dims=("country", "year"),
        row_unit="M accelerators",
        label="the export cap",
        value_unit="USD per accelerator",
        value_per_dual=USD_PER_H100E,
        relief="one more accelerator allowed",
        place="in {where}",
        fields=(
            "policy.export_caps.{country}",
            "policy.export_rules",
            "sites.*.existing.accelerators",
        ),
    )
)
def add_export_cap(ctx: BuildContext, record: Family) -> None:
    pol, s = ctx.inp.policy, ctx.inp.sites
    caps = pol.export_cap_m
    if not bool(np.isfinite(caps).any()):
        return
    # only the capped countries: the others would be rows of no limit (np.isfinite of a
    # DataArray is a DataArray; numpy's stubs do not know __array_ufunc__)
    capped = caps["country"].values[np.isfinite(caps).any("year").values]  # type: ignore[call-overload]
    weight = pol.export_cap_weight.sel(country=capped)  # country, gen
    in_country = (s.country == weight["country"]).astype(float)  # site, country
    held = ctx.q.fleet_m.scaled(weight * in_country, "export_capped_m").onto(("country", "year"))
    rhs = caps.sel(country=capped)
    finite = np.isfinite(rhs)
    ctx.add(record, ctx.expr(held), "<=", rhs.where(finite, 0.0), mask=finite)  # type: ignore[arg-type]


@family(
    Family(
        name="budget",
        kind="limit",
        meaning="cash capex per year <= `policy.budget_usd_per_year` [B USD]",
        dims=("year",),
        row_unit="B USD",
        label="the capital budget",
        value_unit="USD per USD",
        value_per_dual=1.0,
        relief="one more USD of budget",
        fields=("policy.budget_usd_per_year",),
    )
)
def add_budget(ctx: BuildContext, record: Family) -> None:
    budget = ctx.inp.policy.budget_busd
    if not bool(np.isfinite(budget).any()):
        return
    spent = [ctx.expr(q, ("year",)) for q in ctx.q.capex_cash.values()]
    total = spent[0]
    for more in spent[1:]:
        total = total + more
    ctx.add(record, total, "<=", budget)


@family(
    Family(
        name="clean_share",
        kind="limit",
        meaning="clean generation + clean share of grid imports >= share x all energy [TWh]",
        dims=("year",),
        row_unit="TWh",
        label="the minimum clean share",
        value_unit="USD per MWh",
        value_per_dual=1e3,
        relief="one MWh less of clean energy required",
        size="energy_twh",
        fields=("policy.min_clean_share",),
    )
)
def add_clean_share(ctx: BuildContext, record: Family) -> None:
    share = ctx.inp.policy.min_clean_share
    if not bool((share > 0).any()):
        return
    clean = ctx.expr(ctx.q.clean_twh)
    total = ctx.expr(ctx.q.supplied_twh)
    ctx.add(record, clean - total * share, ">=", 0.0, mask=share > 0)
