"""What a run assumed and on what sources: read from the resolved scenario."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..units import fmt_num, fmt_plain
from ._common import fmt_count, fmt_usd

if TYPE_CHECKING:
    from ..results import Result

#: dataset sections whose sources are listed collapsed (long, shared by every scenario)
DATASET_GROUPS = ("accelerators", "power", "datacenter_designs", "countries")


@dataclass(frozen=True)
class SourceRow:
    """One ``sources`` entry: the field it covers, its value, the source and confidence."""

    path: str
    value: object
    source: str
    confidence: str

    @property
    def group(self) -> str:
        head = self.path.split(".", 1)[0]
        return head if "." in self.path else "scenario"


_MISSING = object()


def _lookup(node: dict, dotted: str):
    value: object = node
    for part in dotted.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, dict) and part.isdigit() and int(part) in value:
            value = value[int(part)]
        else:
            return _MISSING
    return value


def iter_sources(scenario: dict) -> list[SourceRow]:
    """Every ``sources`` entry in a resolved scenario, in document order.

    A mapping's ``sources`` names fields relative to that mapping (``by_year``, or
    ``policy.forbidden`` at the top level); its ``confidence`` rates them.
    """
    rows: list[SourceRow] = []

    def walk(node, path: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            sources = node.get("sources")
            given = node.get("confidence")
            confidence = given if isinstance(given, dict) else {}
            if isinstance(sources, dict):
                for key, text in sources.items():
                    value = _lookup(node, str(key))
                    rows.append(
                        SourceRow(
                            ".".join((*path, str(key))),
                            None if value is _MISSING else value,
                            str(text),
                            str(confidence.get(key, "") or ""),
                        )
                    )
            for key, value in node.items():
                if key not in ("sources", "confidence"):
                    walk(value, (*path, str(key)))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, (*path, str(i)))

    walk(scenario, ())
    return rows


def fmt_value(value: object, limit: int = 140) -> str:
    """A compact text for a scenario value: numbers to 4 significant digits, year series
    as 'first … last (n values)', long text cut."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, int | float):
        text = f"{value:,.0f}" if abs(value) >= 1e4 else f"{value:.4g}"
    elif isinstance(value, dict):
        items = list(value.items())
        if len(items) > 4:
            first, last = items[0], items[-1]
            text = (
                f"{first[0]}: {fmt_value(first[1], 30)} … {last[0]}: {fmt_value(last[1], 30)}"
                f" ({len(items)} values)"
            )
        else:
            text = ", ".join(f"{k}: {fmt_value(v, 40)}" for k, v in items) or "—"
    elif isinstance(value, list | tuple):
        text = ", ".join(fmt_value(v, 40) for v in value) or "—"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _series(by_year: dict | None, fmt) -> str:
    if not by_year:
        return "—"
    return ", ".join(f"{y}: {fmt(float(v))}" for y, v in by_year.items())


def assumptions(result: Result) -> list[tuple[str, str]]:
    """The scenario's key assumptions as (label, text) rows."""
    scn, meta = result.scenario, result.meta
    years = scn.get("years") or {}
    demand = scn.get("demand") or {}
    policy = scn.get("policy") or {}
    supply = scn.get("supply") or {}
    dc = scn.get("datacenter") or {}
    tenants = scn.get("tenants") or {}
    regions = demand.get("regions") or {}
    rows = [
        ("Scenario", f"{scn.get('name', meta.get('scenario'))}: {scn.get('title') or ''}"),
        ("Years", f"{years.get('start')}–{years.get('end')}"),
        ("Discount rate", f"{100 * float(scn.get('discount_rate', 0.0)):.3g}% per year"),
    ]
    if not tenants or demand.get("by_year"):  # with tenants, demand is given per tenant
        rows.append(
            (f"Demand [{demand.get('unit', 'h100e')}]", _series(demand.get("by_year"), fmt_count))
        )
    for region, spec in regions.items():
        by_year = spec.get("by_year") if isinstance(spec, dict) else None
        rows.append((f"Demand in {region}", _series(by_year, fmt_count)))
    rows += _tenant_rows(tenants)
    # tenants' unserved compute costs each tenant's own value; the demand's penalty then
    # prices only regional demand
    if demand.get("unserved_penalty_usd_per_h100e_year") is not None and (not tenants or regions):
        rows.append(
            (
                "Penalty on unserved compute",
                f"{fmt_usd(float(demand['unserved_penalty_usd_per_h100e_year']))} per h100e-year",
            )
        )
    if dc.get("design"):
        rows.append(("Data-center design", str(dc["design"])))
    rows.append(
        (
            "New fabs",
            ("allowed" if supply.get("new_fabs_allowed") else "not allowed")
            + _fab_text(supply.get("new_fab") or {}),
        )
    )
    rows += _policy_rows(policy)
    overrides = meta.get("overrides") or []
    if overrides:
        rows.append(("Overrides (--set)", ", ".join(map(str, overrides))))
    return rows


def _tenant_rows(tenants: dict) -> list[tuple[str, str]]:
    """Each tenant's demand and the value of its compute (its penalty when unserved)."""
    rows = []
    for name, t in tenants.items():
        spec = t.get("demand") or {}
        rows.append(
            (
                f"Demand of {name} [{spec.get('unit', 'h100e')}]",
                _series(spec.get("by_year"), fmt_count),
            )
        )
        value = t.get("value_usd_per_h100e_year")
        if value is not None:
            rows.append(
                (
                    f"Penalty on unserved compute of {name}",
                    f"{fmt_usd(float(value))} per h100e-year (the value of its compute)",
                )
            )
    return rows


def _fab_text(fab: dict) -> str:
    parts = []
    if fab.get("capex_usd") is not None:
        parts.append(f"{fmt_usd(float(fab['capex_usd']))} each")
    if fab.get("wafers_per_year") is not None:
        parts.append(f"{fmt_count(float(fab['wafers_per_year']))} wafers/yr")
    if fab.get("lead_years") is not None:
        parts.append(f"{fab['lead_years']}-year lead time")
    return f" ({', '.join(parts)})" if parts else ""


def _trajectory(value, fmt) -> str:
    """A number or ``{by_year: {YEAR: value}}`` (a scenario trajectory) as text."""
    if isinstance(value, dict):
        return _series(value.get("by_year"), fmt)
    return fmt(float(value or 0))


def _policy_rows(policy: dict) -> list[tuple[str, str]]:
    rows = []
    budget = policy.get("budget_usd_per_year")
    rows.append(
        ("Capital budget", f"{_trajectory(budget, fmt_usd)} per year" if budget else "unlimited")
    )
    carbon = _trajectory(policy.get("carbon_price_usd_per_t"), lambda v: fmt_plain(v, 3))
    rows.append(("Carbon price", f"{carbon} USD/t CO2e"))
    clean = _trajectory(policy.get("min_clean_share"), lambda v: f"{100 * v:.3g}%")
    rows.append(("Minimum clean share", clean))
    if policy.get("reserve_margin") is not None:
        rows.append(("Firm-capacity reserve margin", f"{100 * policy['reserve_margin']:.3g}%"))
    for country, cap in (policy.get("export_caps") or {}).items():
        by_year = cap.get("by_year") if isinstance(cap, dict) else None
        classes = ", ".join(cap.get("classes") or []) if isinstance(cap, dict) else ""
        rows.append(
            (
                f"Export cap, {country}" + (f" ({classes})" if classes else ""),
                _series(by_year, fmt_count) + " accelerators",
            )
        )
    for group, classes in (policy.get("forbidden") or {}).items():
        rows.append((f"Forbidden in {group}", ", ".join(map(str, classes))))
    return rows


def _stress(result: Result, site: str) -> str:
    info = (result.summary.get("by_site") or {}).get(site) or {}
    v = info.get("water_stress_score")
    return "unknown" if v is None else fmt_num(v)


def site_rows(result: Result) -> list[dict[str, str]]:
    """One row per site: where it is, its caps (GW, km2, water), its grid (price and carbon
    in the first year, interconnection wait), gas price, cooling and water stress."""
    out = []
    scn_sites = result.scenario.get("sites") or {}
    for name, info in (result.meta.get("sites") or {}).items():
        spec = scn_sites.get(name) or {}

        def num(key: str, fmt: str, info=info) -> str:
            v = info.get(key)
            if v is None or v != v:
                return "—"
            return fmt_plain(float(v), 3) if fmt == "num" else format(float(v), fmt)

        out.append(
            {
                "site": name,
                "country": str(info.get("country", "")),
                "lat, lon": (
                    "—" if num("lat", ".2f") == "—" else f"{num('lat', '.2f')}, {num('lon', '.2f')}"
                ),
                "max facility [GW]": num("max_facility_gw", "num"),
                "land [km²]": num("land_km2", "num"),
                "grid import [GW]": num("grid_import_gw", "num"),
                "grid price [USD/MWh]": num("grid_price_usd_per_mwh", "num"),
                "grid carbon [t/MWh]": num("grid_carbon_t_per_mwh", "num"),
                "grid queue [yr]": num("interconnection_lead_years", ".2g"),
                "gas [USD/MMBtu]": num("gas_price_usd_per_mmbtu", "num"),
                "cooling": str(info.get("cooling") or "—"),
                "water cap [GL/yr]": num("water_limit_gl_per_year", "num"),
                "water stress [0-5]": _stress(result, name),
                "may build": ", ".join(spec.get("build") or []) or "—",
            }
        )
    return out
