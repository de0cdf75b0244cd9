"""A run's headline figures beside the published references that bear on them.

For the report's "how this compares" section: :func:`comparisons` returns one dict per
metric, ``{metric, unit, flopgrid_value, reference, reference_range, source, note}``.
References come from the ``references`` of the shipped claims.yaml, each with its source.
An entry may carry a ``verdict`` where no range test applies (a run of AI campuses beside
the IEA's count of every data center in the world).
Sites with conventional (non-AI) load are left out of the per-accelerator metrics, and a
run with conventional load gets no capex-per-GW metric (capex by class is not per site).
"""

from __future__ import annotations

from .claims import load_claims

#: metric -> published references (names in claims.yaml) it is compared with
GROUPS = {
    "capex": ["epoch_busd_per_gw", "bernstein_busd_per_gw", "nvidia_busd_per_gw"],
    "kw": ["colossus_kw", "epoch_h100_kw", "nvl72_kw", "epoch_gb200_kw", "abilene_kw"],
    "land": ["hyperion_km2_per_gw", "abilene_km2_per_gw", "abu_dhabi_km2_per_gw"],
}
IEA_YEARS = {2024: "iea_world_2024", 2030: "iea_world_2030"}


def _span(refs: list[dict]) -> tuple[float, float]:
    values: list[float] = []
    for r in refs:
        v = r.get("range", r.get("value"))
        if v is None:
            raise ValueError(f"reference {r.get('id', r)!r} gives neither a value nor a range")
        values += v if isinstance(v, list) else [v]
    return min(values), max(values)


def _entry(metric, unit, value, refs, note="") -> dict:
    low, high = _span(refs)
    return {
        "metric": metric,
        "unit": unit,
        "flopgrid_value": value,
        "reference": "; ".join(
            f"{r['label']} {r.get('value', r.get('range'))} {r['unit']}" for r in refs
        ),
        "reference_range": [low, high],
        "source": "; ".join(f"{r['label']}: {r['source']}" for r in refs),
        "note": note,
    }


def _ai_sites(result) -> list[str]:
    scenario = getattr(result, "scenario", None) or {}
    sites = scenario.get("sites", {})
    return [
        name
        for name, site in sites.items()
        if not (site.get("conventional_it_gw") or 0)  # conventional load is not accelerators
    ]


def comparisons(result) -> list[dict]:
    """Headline figures of a run (a :class:`~flopgrid.Result`) beside published references."""
    summary = result.summary if hasattr(result, "summary") else result
    _, refs = load_claims()
    group = {k: [refs[n] for n in names] for k, names in GROUPS.items()}
    out: list[dict] = []
    years = summary["years"]
    by = summary["by_year"]
    by_site = summary.get("by_site", {})
    ai = [s for s in (_ai_sites(result) or list(by_site)) if s in by_site]

    def ai_series(key: str) -> list[float]:
        return [sum(by_site[s]["by_year"][key][i] for s in ai) for i in range(len(years))]

    facility = ai_series("facility_power_gw") if ai else by["facility_power_gw"]
    accelerators = ai_series("accelerators") if ai else by["accelerators"]
    land = ai_series("land_km2") if ai else by["land_km2"]
    peak_i = max(range(len(years)), key=lambda i: facility[i]) if years else 0
    peak_gw = facility[peak_i] if years else 0.0

    capex = summary.get("capex_by_class_usd", {})
    # capex by class is not per site: with conventional load it mixes in conventional halls
    conventional = len(ai) < len(by_site)
    if peak_gw > 1e-9 and capex and not conventional:
        spent = sum(
            sum(capex.get(c, [0.0] * len(years))[: peak_i + 1])
            for c in ("accelerators", "datacenters")
        )
        out.append(
            _entry(
                "capex per GW of facility power (accelerators + data centers)",
                "B USD/GW",
                spent / 1e9 / peak_gw,
                group["capex"],
                f"cash capex to {years[peak_i]} / peak AI facility power {peak_gw:.3g} GW; "
                "includes accelerator replacements within the horizon, excludes power plants "
                "and fabs",
            )
        )
    if accelerators and accelerators[peak_i] > 0:
        out.append(
            _entry(
                "facility power per accelerator",
                "kW",
                facility[peak_i] * 1e6 / accelerators[peak_i],
                group["kw"],
                f"{years[peak_i]}: {facility[peak_i]:.3g} GW of AI facility power / "
                f"{accelerators[peak_i]:,.0f} accelerators{_fleet_text(summary, peak_i)}",
            )
        )
    if peak_gw > 1e-9 and land[peak_i] > 0:
        out.append(
            _entry(
                "land per GW of facility power",
                "km2/GW",
                land[peak_i] / peak_gw,
                group["land"],
                "data halls and on-site power plants",
            )
        )
    for year, name in IEA_YEARS.items():
        if year in years:
            i = years.index(year)
            ref = refs[name]
            value = by["energy_twh"][i]
            entry = _entry(
                f"data-center electricity in {year}",
                "TWh",
                value,
                [ref],
                f"{value / ref['value']:.1%} of the IEA's world figure"
                + (f"; {ref['note']}" if conventional and ref.get("note") else ""),
            )
            if not conventional:  # AI campuses only: a part of what the IEA counts
                entry["verdict"] = "a part of it"
                entry["note"] += (
                    "; this run plans AI data centers only, the IEA counts every data center "
                    "in the world"
                )
            out.append(entry)
    return out


def _fleet_text(summary: dict, i: int) -> str:
    """', mostly Rubin-Ultra (40%), Feynman (25%)': the generations that make up most of
    the fleet in year ``i`` (the published figures are for H100 and GB200 fleets)."""
    counts = {
        gen: v["accelerators_in_service"][i]
        for gen, v in (summary.get("by_generation") or {}).items()
        if v.get("accelerators_in_service")
    }
    total = sum(counts.values())
    if total <= 0:
        return ""
    top = sorted(counts.items(), key=lambda kv: -kv[1])[:2]
    mix = ", ".join(f"{gen} ({n / total:.0%})" for gen, n in top)
    return f", mostly {mix}; the published figures are for H100 and GB200 fleets"
