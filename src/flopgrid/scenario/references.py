"""Checks that need the whole scenario: names that must refer to something."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import Problem, did_you_mean
from .errors import where
from .references_chips import check_chip_references
from .schema import Scenario
from .schema_base import EXPORT_CLASSES
from .schema_finance import ASSET_CLASSES
from .yamlio import Lines

_DESIGN_FIELDS = (
    "capex_usd_per_kw",
    "fixed_om_usd_per_kw_year",
    "pue",
    "load_factor",
    "lead_years",
    "lifetime_years",
    "km2_per_gw",
)


class _Collector:
    def __init__(self, lines: Lines) -> None:
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, loc: tuple, message: str) -> None:
        label, line = where(loc, self.lines)
        self.problems.append(Problem(".".join(str(p) for p in loc), message, label, line))

    def ref(self, loc: tuple, name: str, valid: Iterable[str], what: str) -> None:
        valid = list(valid)
        if name in valid:
            return
        self.add(loc, f"unknown {what} {name!r}" + did_you_mean(name, valid, cutoff=0.5))


def check_references(scn: Scenario, lines: Lines) -> list[Problem]:
    """Every name a scenario uses must exist; the horizon must be served somehow."""
    c = _Collector(lines)
    grid = [n for n, p in scn.power.items() if p.kind == "grid"]
    if len(grid) != 1:
        c.add(("power",), f"exactly one technology of kind 'grid' is needed, found {len(grid)}")
    generators = [n for n, p in scn.power.items() if p.kind != "grid"]

    if scn.datacenter.design is not None:
        c.ref(("datacenter", "design"), scn.datacenter.design, scn.datacenter_designs, "design")
    elif any(getattr(scn.datacenter, f) is None for f in _DESIGN_FIELDS):
        c.add(("datacenter",), "give a design name or every design field")

    _check_cooling(scn, c)
    for name, site in scn.sites.items():
        at = ("sites", name)
        if scn.countries:
            c.ref((*at, "country"), site.country, scn.countries, "country")
        for i, tech in enumerate(site.build):
            c.ref((*at, "build", i), tech, generators, "power technology")
        for tech in site.build_limits_gw:
            c.ref((*at, "build_limits_gw", tech), tech, generators, "power technology")
        for tech in site.capacity_factors:
            c.ref((*at, "capacity_factors", tech), tech, generators, "power technology")
        for tech in site.existing.power:
            c.ref((*at, "existing", "power", tech), tech, generators, "power technology")
        if site.existing.grid_import_gw > site.grid_import_gw:
            c.add(
                (*at, "existing", "grid_import_gw"),
                f"must be <= grid_import_gw ({site.grid_import_gw}), "
                f"got {site.existing.grid_import_gw}",
            )
        for gen in site.existing.accelerators:
            c.ref((*at, "existing", "accelerators", gen), gen, scn.accelerators, "accelerator")
        if site.datacenter is not None and site.datacenter.design is not None:
            c.ref(
                (*at, "datacenter", "design"),
                site.datacenter.design,
                scn.datacenter_designs,
                "design",
            )

    for name, acc in scn.accelerators.items():
        if acc.available_until is not None and acc.available_until < acc.available_from:
            c.add(
                ("accelerators", name, "available_until"),
                f"must be >= available_from ({acc.available_from}), got {acc.available_until}",
            )

    countries = set(scn.countries) or {s.country for s in scn.sites.values()}
    for key, classes in scn.policy.forbidden.items():
        if key not in ("tier1", "tier2", "tier3"):
            c.ref(
                ("policy", "forbidden", key),
                key,
                [*sorted(countries), "tier1", "tier2", "tier3"],
                "country or tier",
            )
        for i, cls in enumerate(classes):
            c.ref(("policy", "forbidden", key, i), cls, EXPORT_CLASSES, "export class")
    for key, cap in scn.policy.export_caps.items():
        c.ref(("policy", "export_caps", key), key, sorted(countries), "country")
        for i, cls in enumerate(cap.classes or []):
            c.ref(("policy", "export_caps", key, "classes", i), cls, EXPORT_CLASSES, "export class")

    check_chip_references(scn, c)
    if scn.demand.by_year is None and not scn.demand.regions and not scn.tenants:
        c.add(("demand",), "give demand.by_year, demand.regions or tenants")
    _check_tenants_and_finance(scn, c)
    regions = {site.region or site.country for site in scn.sites.values()}
    for region in scn.demand.regions:
        c.ref(("demand", "regions", region), region, sorted(regions), "region (no site has it)")
    return c.problems


def _check_cooling(scn: Scenario, c: _Collector) -> None:
    """Cooling designs named by a data-center design or a site must exist; so must the
    country a design's capex is priced in."""
    named: list[tuple[tuple[str, ...], str | None]] = [
        (("datacenter", "cooling"), scn.datacenter.cooling)
    ]
    named += [
        (("datacenter_designs", n, "cooling"), d.cooling) for n, d in scn.datacenter_designs.items()
    ]
    for name, site in scn.sites.items():
        if site.datacenter is not None:
            named.append((("sites", name, "datacenter", "cooling"), site.datacenter.cooling))
    for loc, cooling in named:
        if cooling is not None:
            c.ref(loc, cooling, scn.cooling_designs, "cooling design")
    if scn.countries:
        for n, d in scn.datacenter_designs.items():
            ref = d.capex_reference_country
            if ref is not None:
                c.ref(
                    ("datacenter_designs", n, "capex_reference_country"),
                    ref,
                    scn.countries,
                    "country",
                )


def _check_tenants_and_finance(scn: Scenario, c: _Collector) -> None:
    for name, t in scn.tenants.items():
        at = ("tenants", name)
        for i, site_name in enumerate(t.sites or []):
            c.ref((*at, "sites", i), site_name, scn.sites, "site")
        for i, gen in enumerate(t.accelerators or []):
            c.ref((*at, "accelerators", i), gen, scn.accelerators, "accelerator")
        for i, cls in enumerate(t.export_clearance or []):
            c.ref((*at, "export_clearance", i), cls, EXPORT_CLASSES, "export class")
    if scn.tenants and scn.demand.by_year is not None:
        c.add(
            ("demand", "by_year"),
            "with tenants, demand is given per tenant "
            "(tenants.NAME.demand); remove demand.by_year (demand: {by_year: null})",
        )
    for name, site in scn.sites.items():
        if site.existing.tenant is not None:
            c.ref(
                ("sites", name, "existing", "tenant"),
                site.existing.tenant,
                scn.tenants or ["all"],
                "tenant",
            )
    for member, m in scn.finance.members.items():
        for key in m.shares:
            c.ref(
                ("finance", "members", member, "shares", key),
                key,
                [*ASSET_CLASSES, *scn.sites],
                "asset class or site",
            )
    coc = scn.finance.cost_of_capital
    if coc is not None and scn.countries:
        for key in coc.by_country:
            c.ref(("finance", "cost_of_capital", "by_country", key), key, scn.countries, "country")
