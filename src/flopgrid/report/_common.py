"""Shared look and small helpers of the report figures: colours, layout, labels."""

from __future__ import annotations

import csv
import math
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import plotly.graph_objects as go
from plotly.colors import qualitative

from ..units import fmt_count, fmt_num, fmt_usd

if TYPE_CHECKING:
    from ..results import Result

__all__ = ["fmt_count", "fmt_num", "fmt_usd"]

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

#: qualitative palette for sites, generations and runs (colour-blind friendly, Okabe-Ito+)
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#999999",
    "#882255",
    "#44AA99",
    "#117733",
]

#: power technologies by the words in their names: gas brown, solar yellow, wind blue...
_TECH_COLOURS = [
    ("grid", "#6b6b6b"),
    ("ccgt", "#8c564b"),
    ("gas", "#c49c94"),
    ("coal", "#3b3b3b"),
    ("solar", "#f2c400"),
    ("offshore", "#1f5fa8"),
    ("wind", "#56B4E9"),
    ("restart", "#b07cc6"),
    ("nuclear", "#7b3f9e"),
    ("battery", "#2ca089"),
    ("storage", "#2ca089"),
    ("hydro", "#0b7fab"),
    ("geothermal", "#d95f02"),
]

#: accelerator generations get their own palette, so they never look like sites
GEN_PALETTE = qualitative.Bold[:10] + qualitative.Vivid[:10]

ASSET_COLOURS = {
    "accelerators": "#0072B2",
    "datacenters": "#E69F00",
    "power": "#009E73",
    "fabs": "#CC79A7",
}

GRID_IMPORT = "grid import"


def tech_colour(tech: str, i: int = 0) -> str:
    """A stable colour for a power technology name."""
    name = tech.lower()
    for word, colour in _TECH_COLOURS:
        if word in name:
            return colour
    return PALETTE[i % len(PALETTE)]


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def gen_colour(result: Result, gen: str) -> str:
    """A stable colour for an accelerator generation (its place in the result)."""
    gens = [str(g) for g in result.data["gen"].values]
    i = gens.index(gen) if gen in gens else 0
    return GEN_PALETTE[i % len(GEN_PALETTE)]


def site_colour(result: Result, site: str) -> str:
    """A stable colour for a site (its place in the result)."""
    names = sites(result)
    return colour(names.index(site) if site in names else 0)


def label(name: str) -> str:
    """'gas_ccgt' -> 'gas ccgt'."""
    return str(name).replace("_", " ")


def style(fig: go.Figure, title: str, y_title: str = "", height: int = 420) -> go.Figure:
    """The common layout: white template, title, horizontal legend, years as categories."""
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "x": 0.0, "xanchor": "left", "font": {"size": 16}},
        font={"family": FONT, "size": 13, "color": "#222"},
        height=height,
        margin={"l": 70, "r": 30, "t": 70, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0.0, "xanchor": "left"},
        hoverlabel={"font": {"family": FONT}},
        showlegend=True,
    )
    shown = [
        t
        for t in fig.data
        if getattr(t, "showlegend", True) is not False and t.visible is not False
    ]
    if len(shown) > 5:  # a long horizontal legend would run into the title
        fig.update_layout(
            legend={"orientation": "v", "y": 1.0, "yanchor": "top", "x": 1.02, "xanchor": "left"}
        )
    fig.update_xaxes(type="category", title_text="year")
    if y_title:
        fig.update_yaxes(title_text=y_title, rangemode="tozero")
    return fig


def note(fig: go.Figure, text: str) -> go.Figure:
    """Write a message in the middle of an empty figure (nothing to plot)."""
    fig.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        font={"size": 14, "color": "#555"},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def nonzero(values, tol: float = 1e-9) -> bool:
    return any(abs(float(v)) > tol for v in values)


def money_scale(max_usd: float) -> tuple[float, str]:
    """Divisor and unit label that keep money axes readable: (1e9, 'B USD')..."""
    for scale, unit in ((1e12, "T USD"), (1e9, "B USD"), (1e6, "M USD"), (1e3, "k USD")):
        if abs(max_usd) >= scale:
            return scale, unit
    return 1.0, "USD"


def years(result: Result) -> list[int]:
    return [int(y) for y in result.data["year"].values]


def sites(result: Result) -> list[str]:
    return [str(s) for s in result.data["site"].values]


def finite(x) -> bool:
    try:
        return x is not None and math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def site_coords(result: Result, site: str) -> tuple[float, float] | None:
    """(lat, lon) of a site: its own, else its country's hub in the scenario, else None."""
    info = result.meta.get("sites", {}).get(site, {})
    scn_site = (result.scenario.get("sites") or {}).get(site) or {}
    for src in (info, scn_site):
        if finite(src.get("lat")) and finite(src.get("lon")):
            return float(src["lat"]), float(src["lon"])
    country = info.get("country") or scn_site.get("country")
    hub = (result.scenario.get("countries") or {}).get(country) or {}
    if finite(hub.get("lat")) and finite(hub.get("lon")):
        return float(hub["lat"]), float(hub["lon"])
    return _country_hubs().get(str(country))


@cache
def _country_hubs() -> dict[str, tuple[float, float]]:
    """(lat, lon) of each country's data-center hub in the packaged countries.csv."""
    try:
        text = (resources.files("flopgrid") / "data" / "countries.csv").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return {}
    return {
        row["iso2"]: (float(row["lat"]), float(row["lon"]))
        for row in csv.DictReader(text.splitlines())
        if finite(row.get("lat")) and finite(row.get("lon"))
    }


def run_labels(results: list[Result]) -> list[str]:
    """Distinct short names of runs: scenario name, then overrides or a counter."""
    names = []
    for r in results:
        name = str(r.meta.get("scenario") or "run")
        overrides = r.meta.get("overrides") or []
        if overrides:
            name += " [" + ", ".join(map(str, overrides)) + "]"
        names.append(name)
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if names.count(n) == 1 else f"{n} #{seen[n]}")
    return out
