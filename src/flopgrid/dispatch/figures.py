"""Plotly figures of a dispatch and its self-contained HTML report (plotly.js once)."""

from __future__ import annotations

import html
from pathlib import Path

import plotly.graph_objects as go
import plotly.offline

from .result import DispatchResult

_SOURCE_COLOURS = {
    "grid": "#7f7f7f",
    "storage": "#9467bd",
    "solar_pv": "#ffbf00",
    "onshore_wind": "#2ca02c",
    "offshore_wind": "#17becf",
    "gas_ccgt": "#d62728",
    "gas_turbine": "#ff7f0e",
    "nuclear_new": "#1f77b4",
    "nuclear_restart": "#1f77b4",
}


def _x(result: DispatchResult):
    return result.data["timestamp"].to_numpy()


def power_by_source(result: DispatchResult, site: str) -> go.Figure:
    """Hourly stacked power by source at a site, with the facility load on top [GW]."""
    d = result.data.sel(site=site)
    x = _x(result)
    fig = go.Figure()
    for tech in d.indexes["tech"]:
        y = d["generation_gw"].sel(tech=tech).to_numpy()
        if y.max() > 1e-9:
            fig.add_scatter(
                x=x,
                y=y,
                name=str(tech),
                stackgroup="s",
                line={"width": 0},
                fillcolor=_SOURCE_COLOURS.get(str(tech)),
            )
    for name, var, colour in (
        ("grid import", "grid_import_gw", _SOURCE_COLOURS["grid"]),
        ("storage discharge", "storage_discharge_gw", _SOURCE_COLOURS["storage"]),
    ):
        y = d[var].to_numpy()
        if y.max() > 1e-9:
            fig.add_scatter(
                x=x, y=y, name=name, stackgroup="s", line={"width": 0}, fillcolor=colour
            )
    fig.add_scatter(
        x=x, y=d["facility_power_gw"].to_numpy(), name="facility load", line={"color": "black"}
    )
    charge = d["storage_charge_gw"].to_numpy()
    if charge.max() > 1e-9:
        fig.add_scatter(x=x, y=-charge, name="storage charge", line={"color": "#9467bd"})
    fig.update_layout(title=f"{site}: power by source", yaxis_title="GW", hovermode="x")
    return fig


def work_by_site(result: DispatchResult) -> go.Figure:
    """Compute served per site, stacked [h100e]."""
    fig = go.Figure()
    x = _x(result)
    for site in result.data.indexes["site"]:
        fig.add_scatter(
            x=x,
            y=result.data["served_h100e"].sel(site=site).to_numpy(),
            name=str(site),
            stackgroup="w",
            line={"width": 0},
        )
    unserved = (
        result.data["unserved_inference_h100e"].sum("zone")
        + result.data["unserved_training_h100e"].sum("job")
    ).to_numpy()
    if unserved.max() > 0:
        fig.add_scatter(x=x, y=unserved, name="unserved", line={"color": "red", "dash": "dot"})
    fig.update_layout(title="work served by site", yaxis_title="h100e", hovermode="x")
    return fig


def state_of_charge(result: DispatchResult) -> go.Figure:
    fig = go.Figure()
    for site in result.data.indexes["site"]:
        soc = result.data["state_of_charge_gwh"].sel(site=site).to_numpy()
        if soc.max() > 1e-9:
            fig.add_scatter(x=_x(result), y=soc, name=str(site))
    fig.update_layout(title="storage state of charge", yaxis_title="GWh", hovermode="x")
    return fig


def utilisation_heatmap(result: DispatchResult) -> go.Figure:
    """Utilisation by hour (columns) and site (rows) [1]."""
    u = result.data["utilisation"].transpose("site", "time")
    fig = go.Figure(
        go.Heatmap(
            z=u.to_numpy(),
            x=_x(result),
            y=[str(s) for s in u.indexes["site"]],
            zmin=0,
            zmax=1,
            colorscale="Viridis",
            colorbar={"title": "utilisation"},
        )
    )
    fig.update_layout(title="utilisation by hour and site")
    return fig


def figures(result: DispatchResult) -> list[go.Figure]:
    figs = [power_by_source(result, str(s)) for s in result.data.indexes["site"]]
    figs += [work_by_site(result), utilisation_heatmap(result)]
    if float(result.data["state_of_charge_gwh"].max()) > 1e-9:
        figs.append(state_of_charge(result))
    return figs


def _summary_table(result: DispatchResult) -> str:
    rows = []
    for site, s in result.summary["by_site"].items():
        rows.append(
            f"<tr><td>{html.escape(site)}</td><td>{s['utilisation']:.1%}</td>"
            f"<td>{s['energy_twh']:.3g}</td><td>{s['curtailment_twh']:.3g}</td>"
            f"<td>{s['cost_usd'] / 1e6:,.1f}</td><td>{s['emissions_mt']:.3g}</td></tr>"
        )
    return (
        "<table><tr><th>site</th><th>utilisation</th><th>energy TWh</th>"
        "<th>curtailment TWh</th><th>cost M USD</th><th>Mt CO2e</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def write_report(result: DispatchResult, path: Path) -> Path:
    """A self-contained HTML report: plotly.js embedded once, then every figure."""
    meta, t = result.meta, result.summary["totals"]
    parts = [fig.to_html(include_plotlyjs=False, full_html=False) for fig in figures(result)]
    title = f"flopgrid dispatch: {meta['scenario']} ({meta['year']})"
    body = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>
<style>body{{font-family:sans-serif;margin:2em}}td,th{{padding:4px 10px;text-align:right}}</style>
</head><body><h1>{html.escape(title)}</h1>
<p>{html.escape(meta["source"])}; {result.summary["hours"]} hours; cost
{t["cost_usd"] / 1e6:,.1f} M USD; {t["energy_twh"]:.3g} TWh; {t["emissions_mt"]:.3g} Mt CO2e;
utilisation {t["utilisation"]:.1%}; unserved {t["unserved_share"]:.2%} of work.</p>
{_summary_table(result)}
{"".join(parts)}
</body></html>"""
    Path(path).write_text(body, encoding="utf-8")
    return Path(path)
