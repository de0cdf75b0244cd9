"""The chip side of summary.json: compute shipped and its spend, early retirements, each
supply pool's use, and the supply limit that binds each year, in words."""

from __future__ import annotations

import numpy as np
import xarray as xr

from .. import units
from .bottlenecks import families_of

#: the families that limit chip supply (what "the binding supply limit" may be)
SUPPLY_FAMILIES = ("wafer_supply", "cowos_supply", "hbm_supply", "hbm_stock", "fab_build_limit")
_TOL = 1e-9


def _list(da: xr.DataArray) -> list[float]:
    return [float(v) for v in np.nan_to_num(np.asarray(da.values, dtype=float))]


def binding_supply(res: xr.Dataset, meta: dict) -> list[list[str]]:
    """Per year, the supply limits that bind, largest rent first: "the CoWoS packaging
    limit of cowos-l"."""
    years = [int(y) for y in res["year"].values]
    found: list[list[tuple[float, str]]] = [[] for _ in years]
    records = families_of(meta)
    for name in SUPPLY_FAMILIES:
        if f"dual_{name}" not in res or name not in records:
            continue
        fam = records[name]
        dual = abs(res[f"dual_{name}"])
        rent = dual * abs(res[f"rhs_{name}"])
        other = [d for d in dual.dims if d != "year"]
        for i, y in enumerate(years):
            if "year" not in dual.dims or y not in dual["year"].values:
                continue
            d_y, r_y = dual.sel(year=y), rent.sel(year=y)
            if other:
                d_y, r_y = d_y.stack(_r=other), r_y.stack(_r=other)
            else:
                d_y, r_y = d_y.expand_dims(_r=[0]), r_y.expand_dims(_r=[0])
            for j in range(d_y.sizes["_r"]):
                if float(d_y.isel(_r=j)) <= _TOL:
                    continue
                where = ", ".join(str(d_y.isel(_r=j)[k].item()) for k in other)
                text = fam.label + (f" of {where}" if where else "")
                found[i].append((float(r_y.isel(_r=j)), text))
    return [[t for _, t in sorted(f, key=lambda x: -x[0])] for f in found]


def chip_by_year(res: xr.Dataset, meta: dict) -> dict:
    """Headline chip series aligned to ``years``."""
    out: dict = {}
    if "accelerators_built_h100e" in res:
        out["accelerators_built_h100e"] = _list(res["accelerators_built_h100e"].sum("gen"))
        out["accelerators_retired_early"] = _list(res["accelerators_retired_early"].sum("gen"))
    if "capex_cash_usd" in res and "accelerators" in res["asset_class"].values:
        out["accelerator_capex_usd"] = _list(res["capex_cash_usd"].sel(asset_class="accelerators"))
    if "pool_used" in res:
        logic = res["pool_kind"] == "logic"
        out["wafers_used_by_pool"] = {
            str(p): _list(res["pool_used"].sel(pool=p)) for p in res["pool"].values[logic.values]
        }
    out["binding_supply"] = binding_supply(res, meta)
    return out


def by_pool(res: xr.Dataset) -> dict:
    """Each supply pool's use, yearly supply for AI and stock [wafers or stacks]."""
    if "pool_used" not in res:
        return {}
    out = {}
    for p in res["pool"].values:
        kind = str(res["pool_kind"].sel(pool=p).item())
        stock = float(res["pool_stock"].sel(pool=p))
        out[str(p)] = {
            "kind": kind,
            "unit": "HBM stacks" if kind == "hbm" else "wafers",
            "used": _list(res["pool_used"].sel(pool=p)),
            "available": _list(res["pool_available"].sel(pool=p)),
            "stock": None if np.isnan(stock) else stock,
        }
    return out


def by_family(res: xr.Dataset) -> dict:
    """Compute shipped and accelerator spend per product family."""
    if "acc_family" not in res or "accelerators_built_h100e" not in res:
        return {}
    fams = [str(f) for f in res["acc_family"].values]
    out = {}
    price = res.get("acc_price_usd")
    for f in dict.fromkeys(fams):
        gens = [g for g, ff in zip(res["gen"].values, fams, strict=True) if ff == f]
        entry = {
            "generations": [str(g) for g in gens],
            "accelerators_built": _list(
                res["accelerators_built"].sel(gen=gens).sum(["site", "gen"])
            ),
            "accelerators_built_h100e": _list(
                res["accelerators_built_h100e"].sel(gen=gens).sum("gen")
            ),
        }
        if price is not None:
            spend = (res["accelerators_built"].sel(gen=gens).sum("site") * price.sel(gen=gens)).sum(
                "gen"
            )
            entry["capex_usd"] = _list(spend)
        out[f or "other"] = entry
    return out


def chip_rows(run_id: str, summary: dict) -> dict[str, list[tuple]]:
    """Compute shipped, accelerator spend and the binding supply limit per year, and each
    supply pool's use (tables run_chips and run_pools)."""
    by, years = summary["by_year"], summary["years"]
    if "accelerators_built_h100e" not in by:
        return {}
    chips = [
        (
            run_id,
            y,
            float(by["accelerators_built_h100e"][i]),
            float(by["accelerator_capex_usd"][i]),
            float(by["accelerators_retired_early"][i]),
            "; ".join(by["binding_supply"][i]) or None,
        )
        for i, y in enumerate(years)
    ]
    pools = [
        (run_id, name, y, p["kind"], float(p["used"][i]), float(p["available"][i]))
        for name, p in summary.get("by_pool", {}).items()
        for i, y in enumerate(years)
    ]
    return {"run_chips": chips, "run_pools": pools}


__all__ = [
    "SUPPLY_FAMILIES",
    "binding_supply",
    "by_family",
    "by_pool",
    "chip_by_year",
    "chip_rows",
    "units",
]
