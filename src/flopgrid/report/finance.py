"""Who pays, who benefits: members' cash flows, tenants' cost of compute, capital to compute."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from ..results.members import irr_text
from ..units import fmt_usd
from ._common import colour, label, money_scale, note, style, years

if TYPE_CHECKING:
    from ..results import Result


def member_cash_flows(result: Result) -> go.Figure:
    """Each member's yearly cash flow [USD, undiscounted], stacked, with the total as a line."""
    members = result.summary.get("by_member") or {}
    fig = go.Figure()
    if not members:
        return note(
            style(fig, "Cash flows by member"),
            "No consortium members in this scenario (finance.members)",
        )
    flows = {k: v["cash_flow_usd"] for k, v in members.items() if any(v["cash_flow_usd"])}
    peak = max((abs(x) for v in flows.values() for x in v), default=1.0)
    scale, unit = money_scale(peak)
    yrs = years(result)
    for i, (name, values) in enumerate(flows.items()):
        m = members[name]
        irr = irr_text(m)
        fig.add_bar(
            x=yrs,
            y=[v / scale for v in values],
            name=label(name),
            marker_color=colour(i),
            hovertemplate=f"{label(name)} %{{x}}: %{{y:,.3~r}} {unit}<br>NPV "
            f"{fmt_usd(m['npv_usd'])}, IRR {irr}<extra></extra>",
        )
    total = [sum(v[i] for v in flows.values()) / scale for i in range(len(yrs))]
    fig.add_scatter(
        x=yrs, y=total, name="total", mode="lines+markers", line={"color": "#222", "dash": "dot"}
    )
    fig.update_layout(barmode="relative")
    return style(
        fig, "Cash flows by member (revenue - capex - opex, residual value at the end)", unit
    )


def tenant_costs(result: Result) -> go.Figure:
    """Levelised cost of compute per tenant [USD per h100e-year] split by cost part."""
    tenants = result.summary.get("by_tenant") or {}
    fig = go.Figure()
    served = {k: v for k, v in tenants.items() if v.get("usd_per_h100e_year")}
    if not served:
        return note(style(fig, "Cost of compute by tenant"), "No compute served")
    parts = [p for p in next(iter(served.values()))["cost_pv_by_part_usd"] if p != "unserved"]
    names = list(served)
    for i, part in enumerate(parts):
        per = []
        for name in names:
            t = served[name]
            share = t["cost_pv_by_part_usd"][part] / t["cost_pv_usd"] if t["cost_pv_usd"] else 0
            per.append(share * t["usd_per_h100e_year"])
        if any(abs(v) > 1e-9 for v in per):
            fig.add_bar(
                x=[label(n) for n in names], y=per, name=label(part), marker_color=colour(i)
            )
    fig.update_layout(barmode="stack")
    style(fig, "Cost of compute by tenant (levelised, present value)", "USD per h100e-year")
    fig.update_xaxes(title_text="tenant")
    return fig


def capital_sankey(result: Result) -> go.Figure:
    """Members' capital -> asset classes -> tenants' compute, over the horizon [USD capex]."""
    s = result.summary
    members = s.get("by_member") or {}
    tenants = s.get("by_tenant") or {}
    fig = go.Figure()
    if not members:
        return note(
            style(fig, "From capital to compute"),
            "No consortium members in this scenario (finance.members)",
        )
    capex = s["capex_by_class_usd"]
    classes = [c for c in ("fabs", "datacenters", "power", "accelerators") if sum(capex[c]) > 0]
    served = {k: sum(v.get("delivered_h100e", [])) for k, v in tenants.items()}
    served = {k: v for k, v in served.items() if v > 0}
    # members and tenants may share names (an anchor tenant that also invests): keep apart
    nodes = (
        [("member", m) for m in members]
        + [("asset", c) for c in classes]
        + [("tenant", t) for t in served]
    )
    index = {n: i for i, n in enumerate(nodes)}
    names = [f"{label(n)} ({kind})" if kind != "asset" else label(n) for kind, n in nodes]
    src, dst, val = [], [], []
    owned = {c: 0.0 for c in classes}
    for name, member in members.items():
        # each member's capex by class, as by_member states it (site shares included)
        for c in classes:
            amount = member.get("capex_by_class_usd", {}).get(c, 0.0)
            if amount > 0:
                src.append(index[("member", name)])
                dst.append(index[("asset", c)])
                val.append(amount / 1e9)
                owned[c] += amount
    total_served = sum(served.values()) or 1.0
    for c in classes:
        for t, h in served.items():
            src.append(index[("asset", c)])
            dst.append(index[("tenant", t)])
            val.append(owned[c] * h / total_served / 1e9)
    fig.add_trace(
        go.Sankey(
            node={
                "label": names,
                "pad": 18,
                "color": [colour(i) for i in range(len(nodes))],
            },
            link={
                "source": src,
                "target": dst,
                "value": val,
                "hovertemplate": "%{source.label} -> %{target.label}: %{value:,.3~r} B USD"
                "<extra></extra>",
            },
        )
    )
    fig = style(fig, "From members' capital to assets to tenants' compute (capex, B USD)")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig
