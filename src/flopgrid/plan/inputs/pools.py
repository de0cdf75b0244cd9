"""Supply pools (logic wafers by node, CoWoS by variant, HBM by vendor) and what each
accelerator generation draws on them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from ... import units
from ...scenario import expand, expand_chips
from ...scenario.schema import Scenario
from .horizon import Horizon


@dataclass(frozen=True)
class Pools:
    """Per-pool arrays (dim ``pool``) and per-generation draws on them.

    Attributes
    ----------
    kind
        (pool) logic, cowos or hbm.
    capacity_m
        (pool, year) output AI accelerators may take a year [M wafers or M stacks]; NaN for a
        pool that is only a stock.
    stock_m
        (pool) one-off quantity usable over the horizon [M]; NaN where none.
    wafers_per_acc
        (gen, pool, year) logic wafers per accelerator made: compute dies / good dies per
        wafer of the generation's node in that year [1].
    good_dies
        (gen, year) good compute dies per wafer of the generation's node [dies].
    cowos_per_acc
        (gen, pool) CoWoS wafers per accelerator made [1].
    hbm_per_acc
        (gen) HBM stacks per accelerator made [1].
    users
        HBM users (dim ``hbm_user``): each export class and HBM generation of the
        generations, "us-advanced/hbm3e".
    gen_user
        (gen, hbm_user): 1 for the generation's export class and HBM generation.
    hbm_allowed
        (pool, hbm_user, year): HBM of the pool may go into those accelerators made in that
        year: the pool serves their class, makes their HBM generation, and no export rule
        forbids it; False for pools that are not HBM.
    """

    names: pd.Index
    kind: xr.DataArray
    capacity_m: xr.DataArray
    stock_m: xr.DataArray
    wafers_per_acc: xr.DataArray
    good_dies: xr.DataArray
    cowos_per_acc: xr.DataArray
    hbm_per_acc: xr.DataArray
    users: pd.Index
    gen_user: xr.DataArray
    hbm_allowed: xr.DataArray

    def of_kind(self, kind: str) -> xr.DataArray:
        """(pool) True for pools of ``kind``."""
        return self.kind == kind


def build_pools(scn: Scenario, h: Horizon, gens: pd.Index) -> Pools:
    pools = expand_chips.pools(scn)
    names = pd.Index(list(pools), name="pool")
    years = [int(y) for y in h.years]
    acc = [scn.accelerators[g] for g in gens]
    p_idx = {p: i for i, p in enumerate(names)}

    capacity = np.full((len(names), len(years)), np.nan)
    stock = np.full(len(names), np.nan)
    for i, pool in enumerate(pools.values()):
        if pool.capacity_per_year is not None:
            total = expand.trajectory(pool.capacity_per_year, years)
            capacity[i] = units.to_millions(total * expand.trajectory(pool.ai_share, years))
        if pool.stock is not None:
            stock[i] = units.to_millions(pool.stock)

    wafers = np.zeros((len(gens), len(names), len(years)))
    good = np.zeros((len(gens), len(years)))
    cowos = np.zeros((len(gens), len(names)))
    for i, a in enumerate(acc):
        dies = expand_chips.good_dies_per_wafer(scn, a, years)
        good[i] = dies
        node = expand_chips.logic_pool(scn, a)
        if node in p_idx:
            wafers[i, p_idx[node]] = a.compute_dies / np.maximum(dies, 1e-9)
        pack = expand_chips.cowos_pool(scn, a)
        if pack in p_idx:
            cowos[i, p_idx[pack]] = 1.0 / a.per_cowos_wafer

    user_of = [(a.export_class, a.hbm_generation) for a in acc]
    pairs = sorted(set(user_of), key=lambda u: (u[0], u[1] or ""))
    users = pd.Index([f"{c}/{g or 'any'}" for c, g in pairs], name="hbm_user")
    gen_user = np.array([[float(u == pair) for pair in pairs] for u in user_of])

    def serves(pool, cls: str, hbm: str | None) -> bool:
        return (
            pool.kind == "hbm"
            and (not pool.serves or cls in pool.serves)
            and (not pool.hbm_generations or hbm in pool.hbm_generations)
        )

    hbm_ok = np.array(
        [
            [
                [serves(pool, c, g) and not expand_chips.hbm_forbidden(scn, p, c, y) for y in years]
                for c, g in pairs
            ]
            for p, pool in pools.items()
        ],
        dtype=bool,
    ).reshape(len(names), len(pairs), len(years))
    gy = {"gen": gens, "year": h.years}
    return Pools(
        names=names,
        kind=xr.DataArray([p.kind for p in pools.values()], dims="pool", coords={"pool": names}),
        capacity_m=xr.DataArray(
            capacity, dims=("pool", "year"), coords={"pool": names, "year": h.years}
        ),
        stock_m=xr.DataArray(stock, dims="pool", coords={"pool": names}),
        wafers_per_acc=xr.DataArray(
            wafers, dims=("gen", "pool", "year"), coords={**gy, "pool": names}
        ),
        good_dies=xr.DataArray(good, dims=("gen", "year"), coords=gy),
        cowos_per_acc=xr.DataArray(
            cowos, dims=("gen", "pool"), coords={"gen": gens, "pool": names}
        ),
        hbm_per_acc=xr.DataArray(
            np.array([a.hbm_stacks for a in acc], dtype=float), dims="gen", coords={"gen": gens}
        ),
        users=users,
        gen_user=xr.DataArray(
            gen_user.reshape(len(gens), len(users)),
            dims=("gen", "hbm_user"),
            coords={"gen": gens, "hbm_user": users},
        ),
        hbm_allowed=xr.DataArray(
            hbm_ok,
            dims=("pool", "hbm_user", "year"),
            coords={"pool": names, "hbm_user": users, "year": h.years},
        ),
    )
