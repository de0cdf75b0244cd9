"""The chain as a picture: the wafers-to-power Sankey and the world map of sites."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from ..units import fmt_num, fmt_plain
from ._common import (
    GRID_IMPORT,
    finite,
    fmt_count,
    gen_colour,
    label,
    nonzero,
    note,
    site_colour,
    site_coords,
    sites,
    style,
    tech_colour,
)

if TYPE_CHECKING:
    from ..results import Result

_TINY = 1e-6


def _peak_year(result: Result) -> int:
    fac = result.data["facility_power_gw"].sum("site")
    return int(fac["year"].values[int(np.argmax(fac.values))])


def _acc_param(result: Result, gen: str, key: str) -> float | None:
    value = ((result.scenario.get("accelerators") or {}).get(gen) or {}).get(key)
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _rgba(col: str, alpha: float) -> str:
    """'#0072B2' or 'rgb(0, 114, 178)' -> 'rgba(0,114,178,alpha)'."""
    if col.startswith("rgb"):
        r, g, b = (int(float(v)) for v in col[col.index("(") + 1 : col.index(")")].split(",")[:3])
    else:
        h = col.lstrip("#")
        r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def supply_chain_sankey(result: Result, year: int | None = None) -> go.Figure:
    """The chain wafers -> accelerator generations -> sites -> power sources in one year
    (default: the year of peak facility power).

    Link widths are the facility energy each flow carries that year [TWh]: a site's
    energy is split over generations by their IT power (accelerators x kW each) and
    over power sources by what each supplied. Hover gives the natural quantities:
    wafers embodied in the fleet [wafers], accelerators in service [accelerators],
    energy [TWh].
    """
    ds = result.data
    year = _peak_year(result) if year is None else int(year)
    r = ds.sel(year=year)
    acc = r["accelerators_in_service"]  # (site, gen)
    energy = r["energy_twh"]  # (site,)
    site_names = sites(result)
    gens = [str(g) for g in ds["gen"].values if float(acc.sel(gen=g).sum()) > _TINY]
    nodes: list[str] = []
    node_colours: list[str] = []
    index: dict[str, int] = {}

    def node(key: str, text: str, col: str) -> int:
        if key not in index:
            index[key] = len(nodes)
            nodes.append(text)
            node_colours.append(col)
        return index[key]

    src, dst, val, hover, link_col = [], [], [], [], []

    def link(a: int, b: int, v: float, text: str, col: str) -> None:
        if v > _TINY:
            src.append(a)
            dst.append(b)
            val.append(v)
            hover.append(text)
            link_col.append(_rgba(col, 0.35))

    # energy per (site, gen) by IT power share
    share = {}
    for s in site_names:
        kw = {
            g: float(acc.sel(site=s, gen=g)) * (_acc_param(result, g, "it_kw") or 1.0) for g in gens
        }
        total = sum(kw.values())
        for g in gens:
            share[s, g] = float(energy.sel(site=s)) * kw[g] / total if total > 0 else 0.0
    fabs_share = 0.0
    avail = float(r["wafers_available"])
    fab_wafers = float(r["fab_wafers"]) if "fab_wafers" in r else 0.0
    if avail > 0 and fab_wafers > 0:
        fabs_share = min(max(fab_wafers / avail, 0.0), 1.0)
    wafer_nodes = [("existing", "wafers: existing fabs", 1.0 - fabs_share, "#999999")]
    if fabs_share > 0:
        wafer_nodes.append(("new", "wafers: new fabs", fabs_share, "#CC79A7"))
    for g in gens:
        g_idx = node(f"gen:{g}", g, gen_colour(result, g))
        g_twh = sum(share[s, g] for s in site_names)
        n_acc = float(acc.sel(gen=g).sum())
        per_acc = float(r["acc_wafers_per_acc"].sel(gen=g)) if "acc_wafers_per_acc" in r else 0.0
        dies = 1.0 / per_acc if per_acc > 0 else None
        wafers = n_acc * per_acc if dies else float("nan")
        for key, text, frac, col in wafer_nodes:
            w_idx = node(f"wafer:{key}", text, col)
            w_txt = f"{fmt_count(wafers * frac)} wafers" if dies else "wafers n/a"
            link(w_idx, g_idx, g_twh * frac, f"{w_txt} -> {fmt_count(n_acc * frac)} {g}", col)
        for s in site_names:
            s_idx = node(f"site:{s}", s, site_colour(result, s))
            n = float(acc.sel(site=s, gen=g))
            link(g_idx, s_idx, share[s, g], f"{fmt_count(n)} {g} at {s}", gen_colour(result, g))
    for s in site_names:
        s_idx = node(f"site:{s}", s, site_colour(result, s))
        for ti, t in enumerate(ds["tech"].values):
            v = float(r["generation_twh"].sel(site=s, tech=t))
            t_idx = node(f"tech:{t}", label(t), tech_colour(str(t), ti))
            link(
                s_idx,
                t_idx,
                v,
                f"{s}: {fmt_num(v, 'TWh')} from {label(t)}",
                tech_colour(str(t), ti),
            )
        v = float(r["grid_import_twh"].sel(site=s))
        g_idx = node("grid", GRID_IMPORT, tech_colour("grid"))
        link(s_idx, g_idx, v, f"{s}: {fmt_num(v, 'TWh')} {GRID_IMPORT}", tech_colour("grid"))
    fig = go.Figure()
    title = f"Supply chain in {year}: wafers → accelerators → sites → power"
    if not val:
        return note(style(fig, title), f"Nothing flows through the chain in {year}")
    used = sorted({*src, *dst})
    remap = {old: new for new, old in enumerate(used)}
    fig.add_trace(
        go.Sankey(
            arrangement="snap",
            valueformat=",.3~r",
            valuesuffix=" TWh",
            node={
                "label": [nodes[i] for i in used],
                "color": [node_colours[i] for i in used],
                "pad": 14,
                "thickness": 16,
                "line": {"color": "#fff", "width": 0.5},
            },
            link={
                "source": [remap[i] for i in src],
                "target": [remap[i] for i in dst],
                "value": val,
                "customdata": hover,
                "color": link_col,
                "hovertemplate": "%{customdata}<br>%{value}<extra></extra>",
            },
        )
    )
    style(fig, title, height=520)
    fig.add_annotation(
        text="link width: facility energy carried [TWh per year]; hover for counts",
        xref="paper",
        yref="paper",
        x=0,
        y=-0.06,
        showarrow=False,
        font={"size": 12, "color": "#555"},
        xanchor="left",
    )
    return fig


def _span(values: list[float], pad: float, least: float, lo: float, hi: float) -> list[float]:
    a, b = min(values) - pad, max(values) + pad
    if b - a < least:
        mid = (a + b) / 2
        a, b = mid - least / 2, mid + least / 2
    return [max(a, lo), min(b, hi)]


def site_map(result: Result) -> go.Figure:
    """World map of the sites (plotly geo, no tile server): marker area by peak facility
    power [GW], colour by emissions intensity of the site's supply over the horizon
    [t CO2e/MWh] (the grid's carbon intensity where a site used no energy)."""
    by_site = result.summary["by_site"]
    ds = result.data
    lats, lons, gws, carbon, names, hover = [], [], [], [], [], []
    for s in sites(result):
        where = site_coords(result, s)
        if where is None:
            continue
        info = by_site.get(s, {})
        twh = float(ds["energy_twh"].sel(site=s).sum())
        mt = float(ds["emissions_mt"].sel(site=s).sum())
        grid_c = info.get("grid_carbon_t_per_mwh")
        intensity = mt / twh if twh > 0 else float(grid_c or 0.0)
        gw = float(info.get("peak_facility_power_gw", 0.0))
        lats.append(where[0])
        lons.append(where[1])
        gws.append(gw)
        carbon.append(intensity)
        names.append(s)
        hover.append(
            f"<b>{s}</b> ({info.get('country', '?')})<br>peak facility power {fmt_num(gw, 'GW')}"
            f" (cap {fmt_num(info.get('max_facility_gw'), 'GW')})<br>"
            f"emissions intensity {fmt_plain(intensity, 3)} t/MWh<br>"
            f"grid carbon {fmt_plain(grid_c, 3)} t/MWh<br>"
            f"peak accelerators {fmt_count(float(info.get('peak_accelerators', 0.0)))}"
            + ("" if finite(info.get("lat")) else "<br><i>placed at its country's hub</i>")
        )
    fig = go.Figure()
    if not names:
        style(fig, "Sites")
        return note(fig, "No site coordinates in this scenario (set sites.<name>.lat/lon)")
    peak = max(gws) if nonzero(gws) else 1.0
    sizes = [12 + 38 * np.sqrt(max(g, 0.0) / peak) for g in gws]
    fig.add_trace(
        go.Scattergeo(
            lat=lats,
            lon=lons,
            text=names,
            mode="markers+text",
            textposition="top center",
            textfont={"size": 11, "color": "#222"},
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            marker={
                "size": sizes,
                "color": carbon,
                "cmin": 0.0,
                "cmax": max(0.6, max(carbon)),
                "colorscale": "RdYlGn_r",
                "line": {"color": "#333", "width": 0.8},
                "opacity": 0.85,
                "colorbar": {"title": {"text": "t CO2e/MWh"}, "thickness": 14},
            },
            showlegend=False,
        )
    )
    style(fig, "Sites: marker size = peak facility GW, colour = emissions intensity", height=480)
    fig.update_geos(
        projection_type="natural earth",
        showland=True,
        landcolor="#eef0ea",
        showcountries=True,
        countrycolor="#b9bdb5",
        showcoastlines=True,
        coastlinecolor="#9aa096",
        showocean=True,
        oceancolor="#e4eef6",
        lonaxis_range=_span(lons, 15, 70, -180, 180),
        lataxis_range=_span(lats, 10, 40, -90, 90),
    )
    fig.update_layout(margin={"l": 10, "r": 10, "t": 60, "b": 10})
    return fig
