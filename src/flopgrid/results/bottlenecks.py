"""Explain what binds: constraint duals turned into sentences with numbers.

A dual is the change of system cost (B USD, present value at the first year) per unit of
a constraint's right-hand side. Each row of a *limit* family is scored by its rent,
|dual| x the size of the limit (B USD), so that families in different units rank together;
consecutive binding years at one place are one entry, with the rent of each year.

Every year with unserved compute is explained: by a limit binding that year, by a reason
no dual shows (a lead time, no accelerator on sale: the plan's ``shortfalls``), or else by
the value of compute itself (serving it would cost more than its unserved penalty).

What each family means comes from its record in the run's meta (``meta["families"]``,
see :mod:`flopgrid.records`); nothing here knows the model.
"""

from __future__ import annotations

import itertools

import numpy as np
import xarray as xr

from .. import units
from ..records import Family, bottleneck
from ..units import fmt_num, fmt_usd

_TOL_DUAL = 1e-9
_TOL_RENT_BUSD = 1e-6
_TOL_UNSERVED_H100E = 0.5


def _value_text(value: float, unit: str) -> str:
    if unit.startswith("B USD"):
        return fmt_usd(units.usd_from_busd(value))
    if unit.startswith("M USD"):
        return fmt_usd(value * 1e6)
    if unit.startswith("USD per USD"):
        return fmt_usd(value)
    if unit.startswith("USD"):
        return fmt_usd(value)
    return fmt_num(value, unit)


def families_of(meta: dict) -> dict[str, Family]:
    """The family records a run carries."""
    return {n: Family.from_dict(d) for n, d in (meta.get("families") or {}).items()}


def _size(fam: Family, res: xr.Dataset, dual: xr.DataArray) -> xr.DataArray:
    """Size of each row's limit in its model unit, to rank rows by rent."""
    if fam.size == "rhs":
        return abs(res[f"rhs_{fam.name}"])
    size = res[fam.size]
    extra = [d for d in size.dims if d not in dual.dims]
    return abs(size.sum(extra) if extra else size)


def _where(coords: dict) -> tuple[str, str]:
    dims = ("site", "country", "region", "tenant", "pool", "group", "gen", "hbm_user")
    parts = [str(coords[d]) for d in dims if d in coords]
    return ", ".join(parts), str(coords.get("tech", ""))


def _rows(da: xr.DataArray) -> tuple[list[str], list[tuple], np.ndarray]:
    """``da`` as one row per place (its dims but ``year``, C order) x year: the dims, each
    row's labels (Python scalars) and the values."""
    other = [str(d) for d in da.dims if d != "year"]
    values = np.asarray(da.transpose(*other, "year").values, dtype=float)
    places = list(itertools.product(*(da.indexes[d].tolist() for d in other)))
    return other, places, values.reshape(len(places), da.sizes["year"])


def _rent_rows(dual: xr.DataArray, size: xr.DataArray, other: list[str]) -> np.ndarray:
    """|dual| x size, one row per place (``other``, C order) x year like :func:`_rows`: in
    numpy when the size's labels are the dual's, else aligned by xarray (NaN where a row
    has no size, as ``broadcast_like`` gives)."""
    dims = [*other, "year"]
    shape = (-1, dual.sizes["year"])
    d = np.asarray(dual.transpose(*dims).values, dtype=float)
    if set(size.dims) <= set(dims) and all(
        d_ in size.indexes and size.indexes[d_].equals(dual.indexes[d_]) for d_ in size.dims
    ):
        s = np.asarray(size.transpose(*[x for x in dims if x in size.dims]).values, dtype=float)
        s = s.reshape([dual.sizes[x] if x in size.dims else 1 for x in dims])
        return (d * s).reshape(shape)
    rent = dual * size.broadcast_like(dual)
    return np.asarray(rent.transpose(*dims).values, dtype=float).reshape(shape)


def _spans(rows: list[tuple[int, float, float]]) -> list[list[tuple[int, float, float]]]:
    spans: list[list[tuple[int, float, float]]] = []
    for row in rows:
        if spans and row[0] == spans[-1][-1][0] + 1:
            spans[-1].append(row)
        else:
            spans.append([row])
    return spans


def explain(res: xr.Dataset, meta: dict) -> tuple[list[dict], dict[str, list[float]]]:
    """Bottlenecks ranked by rent, and the rent timeline per family [USD, present value].

    Returns
    -------
    bottlenecks
        ``{constraint, where, tech, year, years, value, unit, rent_usd, rent_by_year_usd,
        explanation}`` per binding (family, place) span, largest rent first. ``year`` is
        the first year of the span.
    timeline
        ``{family: [rent per year]}`` aligned to the result's years.
    """
    years = [int(y) for y in res["year"].values]
    records = families_of(meta)
    items: list[dict] = []
    timeline: dict[str, list[float]] = {}
    for name, fam in records.items():
        if fam.kind != "limit" or f"dual_{name}" not in res:
            continue
        dual = abs(res[f"dual_{name}"])
        other, places, d_rows = _rows(dual)
        r_rows = _rent_rows(dual, _size(fam, res, dual), other)
        row_years = [int(y) for y in dual["year"].values]
        per_year = dict(zip(row_years, np.nansum(r_rows, axis=0), strict=True))
        timeline[name] = [units.usd_from_busd(float(per_year.get(y, 0.0))) for y in years]
        for place, d_row, r_row in zip(places, d_rows, r_rows, strict=True):
            hit = (d_row > _TOL_DUAL) & (r_row > _TOL_RENT_BUSD)
            if not hit.any():
                continue
            coords = dict(zip(other, place, strict=True))
            binding = [
                (row_years[k], float(d_row[k]), float(r_row[k])) for k in np.flatnonzero(hit)
            ]
            for span in _spans(binding):
                items.append(_item(fam, coords, span))
    shortfalls = list(meta.get("shortfalls") or [])
    shortfalls += _unexplained_unserved(res, items + shortfalls, records)
    for it in shortfalls:  # what no dual shows enters the timeline as its penalty's rent
        line = timeline.setdefault(it["constraint"], [0.0] * len(years))
        for y, rent in zip(it["years"], it["rent_by_year_usd"], strict=True):
            line[years.index(y)] += rent
    items = sorted(items + shortfalls, key=lambda it: -it["rent_usd"])
    return items, timeline


def _item(fam: Family, coords: dict, span: list[tuple[int, float, float]]) -> dict:
    peak_year, peak_dual, _ = max(span, key=lambda r: r[1])
    value = peak_dual * fam.value_per_dual
    where, tech = _where(coords)
    place = (" " + fam.place.format(where=where)) if fam.place and where else ""
    relief = fam.relief.format(tech=tech or "this technology")
    yrs = [r[0] for r in span]
    when = f"in {yrs[0]}" if len(yrs) == 1 else f"from {yrs[0]} to {yrs[-1]}"
    text = (
        f"{fam.label}{place} binds {when}: {relief} in {peak_year} would lower system cost "
        f"by {_value_text(value, fam.value_unit)} (present value)"
    )
    return bottleneck(
        fam.name,
        where or "system",
        yrs,
        value,
        fam.value_unit,
        [units.usd_from_busd(r[2]) for r in span],
        text,
        tech or None,
    )


def _unserved_by_who(res: xr.Dataset) -> list[tuple[str, xr.DataArray, xr.DataArray | None]]:
    """(who, unserved h100e per year, value USD per h100e-year or None) per tenant/region."""
    out: list[tuple[str, xr.DataArray, xr.DataArray | None]] = []
    if "unserved_h100e_by_tenant" in res and "tenant_value_usd_per_h100e_year" in res:
        for t in res["tenant"].values:
            out.append(
                (
                    str(t),
                    res["unserved_h100e_by_tenant"].sel(tenant=t),
                    res["tenant_value_usd_per_h100e_year"].sel(tenant=t),
                )
            )
    if "region_unserved_h100e" in res:
        value = res.get("region_value_usd_per_h100e_year")
        for r in res["region"].values:
            out.append((str(r), res["region_unserved_h100e"].sel(region=r), value))
    return out


def _unexplained_unserved(res: xr.Dataset, items: list[dict], records: dict) -> list[dict]:
    """Entries for unserved years no other entry covers: what stops service there is the
    value of compute (the unserved penalty) itself."""
    limit_years = {
        y
        for it in items
        if it["constraint"] in records and records[it["constraint"]].kind == "limit"
        for y in it["years"]
    }
    shortfall = {
        (it["where"], y)
        for it in items
        for y in it["years"]
        if it["constraint"] in records and records[it["constraint"]].kind == "shortfall"
    }
    disc = res["discount"]
    out = []
    for who, unserved, value in _unserved_by_who(res):
        years = [
            int(y)
            for y, u in zip(res["year"].values, unserved.values, strict=True)
            if u > _TOL_UNSERVED_H100E
            and int(y) not in limit_years
            and (who, int(y)) not in shortfall
        ]
        for span in _spans([(y, 0.0, 0.0) for y in years]):
            yrs = [r[0] for r in span]
            amount = unserved.sel(year=yrs)
            usd_each = float(value) if value is not None else 0.0
            rents = amount * usd_each * disc.sel(year=yrs)
            when = f"in {yrs[0]}" if len(yrs) == 1 else f"from {yrs[0]} to {yrs[-1]}"
            out.append(
                bottleneck(
                    "unserved_value",
                    who,
                    yrs,
                    usd_each,
                    "USD per h100e-year",
                    [float(v) for v in rents.values],
                    f"compute of {who} goes unserved {when} (up to "
                    f"{float(amount.max()):,.0f} h100e) though no limit binds then: at the "
                    f"margin serving it would cost more than its value, "
                    f"{fmt_usd(usd_each)} per h100e-year (the unserved penalty)",
                )
            )
    return out


def marginal_values(res: xr.Dataset, meta: dict) -> dict[str, dict]:
    """What one more unit of each balance is worth, per place and year, in people's units:
    the marginal price of energy at a site [USD/MWh], of data-center capacity [B USD/GW],
    of generating capacity... (the duals of the ``balance`` families).

    Returns ``{family: {"label", "unit", "by_place": {place: [value per year]}}}``.
    """
    out: dict[str, dict] = {}
    years = [int(y) for y in res["year"].values]
    for name, fam in families_of(meta).items():
        if fam.kind != "balance" or f"dual_{name}" not in res:
            continue
        dual = abs(res[f"dual_{name}"]) * fam.value_per_dual
        by_place: dict[str, list[float]] = {}
        other, places, rows = _rows(dual.reindex(year=years, fill_value=0.0))
        for place, values in zip(places, rows, strict=True):
            if float(np.max(values, initial=0.0)) <= _TOL_DUAL:
                continue
            where, tech = _where(dict(zip(other, place, strict=True)))
            by_place[", ".join(p for p in (where, tech) if p) or "system"] = [
                float(v) for v in values
            ]
        if by_place:
            out[name] = {"label": fam.label, "unit": fam.value_unit, "by_place": by_place}
    return out


def marginal_compute_cost(res: xr.Dataset) -> list[float] | None:
    """Shadow price of demanded compute per year [USD per h100e-year, present value]."""
    if "dual_compute_demand" not in res:
        return None
    dual = res["dual_compute_demand"]
    if "tenant" in dual.dims:
        dual = dual.max("tenant")
    per = units.usd_from_busd(1.0) / units.from_millions(1.0)
    return [float(v) * per for v in dual.values]
