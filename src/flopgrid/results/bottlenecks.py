"""Explain what binds: constraint duals turned into sentences with numbers.

A dual is the change of system cost (B USD, present value at the first year)
per unit of a constraint's right-hand side. Each family's rows are scored by
their *rent*, |dual| x the size of the limit (B USD), so that families in
different units can be ranked together; runs of consecutive binding years at
one place are told as one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from .. import units

_TOL_DUAL = 1e-9
_TOL_RENT_BUSD = 1e-6


@dataclass(frozen=True)
class Family:
    """How to talk about one constraint family."""

    label: str  # "the CoWoS limit"
    unit: str  # human unit of the marginal value
    per_model_unit: float  # human value = |dual [B USD/model unit]| * this
    relief: str  # "one more CoWoS wafer per year"
    place: str = ""  # "at {site}" style suffix for per-site rows


def _usd_per(n: float) -> float:
    """B USD per million units -> USD per unit."""
    return units.usd_from_busd(1.0) / units.from_millions(1.0) * n


FAMILIES: dict[str, Family] = {
    "wafer_supply": Family(
        "the leading-edge wafer limit", "USD per wafer", _usd_per(1), "one more leading-edge wafer"
    ),
    "cowos_supply": Family(
        "the CoWoS packaging limit",
        "USD per CoWoS wafer",
        _usd_per(1),
        "one more CoWoS packaging wafer",
    ),
    "hbm_supply": Family("the HBM limit", "USD per HBM stack", _usd_per(1), "one more HBM stack"),
    "site_cap": Family(
        "the campus cap", "B USD per GW", 1.0, "one more GW of facility power allowed", "at {where}"
    ),
    "land": Family("the land limit", "M USD per km2", 1e3, "one more km2 of land", "at {where}"),
    "grid_import_limit": Family(
        "the grid connection",
        "B USD per GW",
        units.twh_per_gw_year(),
        "one more GW of grid import",
        "at {where}",
    ),
    "firm_capacity": Family(
        "the firm-capacity requirement",
        "B USD per GW",
        1.0,
        "one GW less of firm capacity to procure",
        "at {where}",
    ),
    "build_limit": Family(
        "the build limit", "B USD per GW", 1.0, "one more GW of {tech} allowed", "at {where}"
    ),
    "export_cap": Family(
        "the export cap",
        "USD per accelerator",
        _usd_per(1),
        "one more accelerator allowed",
        "in {where}",
    ),
    "budget": Family("the capital budget", "USD per USD", 1.0, "one more USD of budget"),
    "clean_share": Family(
        "the minimum clean share", "USD per MWh", 1e3, "one MWh less of clean energy required"
    ),
}


def fmt_usd(usd: float) -> str:
    """'2.1 B USD', '41 k USD', '350 USD'."""
    a = abs(usd)
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if a >= scale:
            return f"{usd / scale:.3g} {suffix} USD"
    return f"{usd:.3g} USD"


def _value_text(value: float, unit: str) -> str:
    if unit.startswith("B USD"):
        return fmt_usd(units.usd_from_busd(value))
    if unit.startswith("M USD"):
        return fmt_usd(value * 1e6)
    if unit.startswith("USD per USD"):
        return f"{value:.3g} USD"
    if unit.startswith("USD"):
        return fmt_usd(value)
    return f"{value:.3g} {unit}"


def _scale(name: str, res: xr.Dataset) -> xr.DataArray:
    """Size of each row's limit in model units, used to rank rows by rent."""
    rhs = np.abs(res[f"rhs_{name}"])
    if name == "firm_capacity":
        return res["facility_power_gw"]
    if name == "clean_share":
        return res["energy_twh"].sum("site")
    return rhs


def _where(coords: dict) -> tuple[str, str]:
    parts = [str(coords[d]) for d in ("site", "country", "region") if d in coords]
    tech = str(coords.get("tech", ""))
    return ", ".join(parts), tech


def _year_range(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"from {years[0]} to {years[-1]}"


def explain(res: xr.Dataset) -> tuple[list[dict], dict[str, list[float]]]:
    """Bottlenecks ranked by rent, and the rent timeline per family [USD, present value].

    Returns
    -------
    bottlenecks
        ``{constraint, where, year, years, value, unit, rent_usd, explanation}`` per
        binding (family, place) with consecutive years grouped, largest rent first.
    timeline
        ``{family: [rent per year]}`` aligned to the result's years.
    """
    years = [int(y) for y in res["year"].values]
    items: list[dict] = []
    timeline: dict[str, list[float]] = {}
    for name, fam in FAMILIES.items():
        if f"dual_{name}" not in res:
            continue
        dual = np.abs(res[f"dual_{name}"])
        rent = dual * _scale(name, res).broadcast_like(dual)
        timeline[name] = [
            units.usd_from_busd(float(v))
            for v in rent.sum([d for d in rent.dims if d != "year"])
            .reindex(year=years, fill_value=0.0)
            .values
        ]
        other = [d for d in dual.dims if d != "year"]
        stacked = dual.stack(_row=other) if other else dual.expand_dims(_row=[0])
        rents = rent.stack(_row=other) if other else rent.expand_dims(_row=[0])
        for i in range(stacked.sizes["_row"]):
            d_row = stacked.isel(_row=i)
            r_row = rents.isel(_row=i)
            coords = {k: d_row[k].item() for k in other}
            binding = [
                (int(y), float(d), float(r))
                for y, d, r in zip(d_row["year"].values, d_row.values, r_row.values, strict=True)
                if d > _TOL_DUAL and r > _TOL_RENT_BUSD
            ]
            for group in _consecutive(binding):
                items.append(_item(name, fam, coords, group))
    items.sort(key=lambda it: -it["rent_usd"])
    return items, timeline


def _consecutive(rows: list[tuple[int, float, float]]):
    group: list = []
    for row in rows:
        if group and row[0] != group[-1][0] + 1:
            yield group
            group = []
        group.append(row)
    if group:
        yield group


def _item(name: str, fam: Family, coords: dict, group: list) -> dict:
    peak_year, peak_dual, _ = max(group, key=lambda r: r[1])
    value = peak_dual * fam.per_model_unit
    where, tech = _where(coords)
    place = (" " + fam.place.format(where=where)) if fam.place and where else ""
    relief = fam.relief.format(tech=tech or "this technology")
    yrs = [g[0] for g in group]
    if len(yrs) == 1:
        text = (
            f"{fam.label}{place} binds in {peak_year}: {relief} would lower system cost by "
            f"{_value_text(value, fam.unit)}"
        )
    else:
        text = (
            f"{fam.label}{place} binds {_year_range(yrs)}: {relief} in {peak_year} "
            f"would lower system cost by {_value_text(value, fam.unit)}"
        )
    text += " (present value)"
    return {
        "constraint": name,
        "where": where or "system",
        "tech": tech or None,
        "year": peak_year,
        "years": yrs,
        "value": value,
        "unit": fam.unit,
        "rent_usd": units.usd_from_busd(sum(g[2] for g in group)),
        "explanation": text,
    }


def marginal_compute_cost(res: xr.Dataset) -> list[float] | None:
    """Shadow price of demanded compute per year [USD per h100e-year, present value]."""
    if "dual_compute_demand" not in res:
        return None
    dual = res["dual_compute_demand"]
    if "tenant" in dual.dims:
        dual = dual.max("tenant")
    return [float(v) * _usd_per(1) for v in dual.values]
