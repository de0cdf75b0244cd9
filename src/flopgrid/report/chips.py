"""Chip supply in the report: compute shipped by product family, and how much of each supply
pool (node wafers, CoWoS, HBM) the plan uses, with the limit that binds each year."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ._common import colour, note, style, years

if TYPE_CHECKING:
    from ..results import Result


def chip_supply(result: Result) -> go.Figure:
    """Compute shipped into service by family [h100e per year] (top) and the share of each
    pool's supply for AI the accelerators made use [%] (bottom); hover names the supply
    limits that bind that year."""
    s = result.summary
    ys, fams, pools = years(result), s.get("by_family") or {}, s.get("by_pool") or {}
    title = "Chip supply: compute shipped and the pools it draws on"
    if not fams:
        return note(style(go.Figure(), title), "This result has no chip supply fields")
    binding = s["by_year"].get("binding_supply") or [[] for _ in ys]
    words = ["<br>".join(b) if b else "no supply limit binds" for b in binding]
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=("compute shipped [h100e per year]", "pool supply used [% of AI supply]"),
    )
    for i, (fam, entry) in enumerate(fams.items()):
        fig.add_bar(
            x=ys,
            y=entry["accelerators_built_h100e"],
            name=fam,
            marker_color=colour(i),
            customdata=words,
            hovertemplate=f"%{{x}}: %{{y:.3s}} h100e of {fam}<br>%{{customdata}}<extra></extra>",
            row=1,
            col=1,
        )
    for i, (pool, p) in enumerate(pools.items()):
        share = [100 * u / a if a else None for u, a in zip(p["used"], p["available"], strict=True)]
        if not any(p["used"]) or not any(v for v in share if v is not None):
            continue
        fig.add_scatter(
            x=ys,
            y=share,
            name=f"{pool} ({p['kind']})",
            mode="lines+markers",
            line={"color": colour(i + len(fams))},
            hovertemplate=f"%{{x}}: %{{y:,.3~r}}% of {pool}'s AI supply used<extra></extra>",
            row=2,
            col=1,
        )
    style(fig, title, height=560)
    fig.update_layout(barmode="stack")
    fig.update_yaxes(rangemode="tozero")
    return fig
