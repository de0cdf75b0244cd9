"""flopgrid's planning LP written again in Pyomo, for the benchmark comparison only.

The twin reads the same :class:`flopgrid.plan.inputs.PlanInputs` arrays as the linopy
builder and writes the same variables (same masks), the same constraint families (same
rows: those with a finite right-hand side, inside the family's mask, with at least one
variable) and the same objective, the way a Pyomo modeller would: sparse index sets,
``Var`` over them, named ``Expression`` components for the fleet quantities, and one
``Constraint`` per family built by a rule. It is solved with HiGHS through Pyomo's
``highs`` interface (``pyomo.contrib.solver``), with HiGHS' default options, as
flopgrid's own solve uses.

Only the LP is covered (``PlanOptions(milp=False, elastic=False)``), which is what the
benchmark runs. ``flopgrid`` never imports this module.
"""

from __future__ import annotations

import importlib
import time
from collections import defaultdict

import numpy as np
import pyomo.environ as pyo

from flopgrid.plan.inputs import PlanInputs

try:  # run as a script from benchmarks/ or imported as a package module
    from .flat_inputs import FlatInputs, flatten
except ImportError:
    from flat_inputs import FlatInputs, flatten

#: coefficient below which a term is left out (linopy's ``sanitize_zeros`` drops exact 0s)
_ZERO = 0.0


def _a(ds, name: str, *dims: str) -> np.ndarray:
    """An input array as numpy, axes in the order given."""
    return ds[name].transpose(*dims).values


def _lin(terms, const: float = 0.0):
    """``sum(coef * var) + const`` as one Pyomo linear expression (terms: (coef, var))."""
    expr = pyo.quicksum((c * v for c, v in terms if c != _ZERO))
    return expr + const if const else expr


def _flopgrid_defines_fleet() -> bool:
    """Whether flopgrid's model defines IT power and compute in service as variables (one
    equality each, ``add_fleet_definitions``) rather than using the fleet sums in place."""
    families = importlib.import_module("flopgrid.plan.families")
    return "it_power_definition" in families.RECORDS


def build_pyomo(
    inp: PlanInputs | FlatInputs, defined_fleet: bool | None = None
) -> pyo.ConcreteModel:
    """Build the planning LP of ``inp`` as a Pyomo ``ConcreteModel``.

    ``defined_fleet``: write IT power and compute in service per site as variables defined
    by equalities (flopgrid's formulation since it has ``add_fleet_definitions``), or use the
    fleet sums in place (the earlier formulation); ``None`` follows the installed flopgrid.
    """
    defined = _flopgrid_defines_fleet() if defined_fleet is None else defined_fleet
    if isinstance(inp, PlanInputs):
        inp = flatten(inp)
    ds = inp.ds
    S = [str(s) for s in inp.sites]
    G = [str(g) for g in inp.gens]
    T = [str(t) for t in inp.techs]
    Y = [int(y) for y in inp.years]
    R = [str(r) for r in inp.regions]
    nS, nG, nT, nY = len(S), len(G), len(T), len(Y)
    twh = float(ds["twh_per_gw_year"])
    disc = _a(ds, "discount", "year")

    m = pyo.ConcreteModel(name="flopgrid-plan-pyomo")
    m.SITE = pyo.Set(initialize=S, ordered=True)
    m.GEN = pyo.Set(initialize=G, ordered=True)
    m.TECH = pyo.Set(initialize=T, ordered=True)
    m.YEAR = pyo.Set(initialize=Y, ordered=True)

    # ---------------------------------------------------------------- variables
    # tenants (who uses the capacity): the model's tenant axis when it has one, else
    # the one implicit tenant, so the same code writes both versions of the model
    has_tenants = "tenant_ok" in ds
    TEN = [str(t) for t in inp.tenants] if has_tenants else ["all"]
    nTen = len(TEN)
    tenant_ok = (
        _a(ds, "tenant_ok", "site", "gen", "tenant")
        if has_tenants
        else np.ones((nS, nG, 1), dtype=bool)
    )
    owner = (
        _a(ds, "existing_owner", "site", "tenant") if "existing_owner" in ds else np.ones((nS, 1))
    )
    acc_allowed = _a(ds, "acc_allowed", "site", "gen")
    acc_avail = _a(ds, "acc_available", "gen", "year")
    acc_idx = [
        (S[i], G[j], Y[k], TEN[q])
        for i, j in zip(*np.nonzero(acc_allowed), strict=True)
        for k in np.nonzero(acc_avail[j])[0]
        for q in np.nonzero(tenant_ok[i, j])[0]
    ]
    dc_buildable = _a(ds, "dc_buildable", "site", "year")
    dc_idx = [(S[i], Y[k]) for i, k in zip(*np.nonzero(dc_buildable), strict=True)]
    pw_buildable = _a(ds, "pw_buildable", "site", "tech", "year")
    pw_idx = [(S[i], T[j], Y[k]) for i, j, k in zip(*np.nonzero(pw_buildable), strict=True)]
    pw_existing = _a(ds, "pw_existing_gw", "site", "tech", "year")
    has_power = pw_buildable.any(axis=2) | (pw_existing > 0).any(axis=2)
    gen_ok = _a(ds, "pw_generates", "tech")[None, :] & has_power
    gen_idx = [(S[i], T[j], y) for i, j in zip(*np.nonzero(gen_ok), strict=True) for y in Y]
    grid_gw = _a(ds, "grid_import_gw", "site")
    grid_idx = [(S[i], y) for i in np.nonzero(grid_gw > 0)[0] for y in Y]

    m.AB = pyo.Set(initialize=acc_idx, dimen=4, ordered=True)
    m.DB = pyo.Set(initialize=dc_idx, dimen=2, ordered=True)
    m.PB = pyo.Set(initialize=pw_idx, dimen=3, ordered=True)
    m.GN = pyo.Set(initialize=gen_idx, dimen=3, ordered=True)
    m.GI = pyo.Set(initialize=grid_idx, dimen=2, ordered=True)
    m.accelerators_built = pyo.Var(m.AB, within=pyo.NonNegativeReals)
    m.datacenter_built = pyo.Var(m.DB, within=pyo.NonNegativeReals)
    m.power_built = pyo.Var(m.PB, within=pyo.NonNegativeReals)
    m.generation = pyo.Var(m.GN, within=pyo.NonNegativeReals)
    m.grid_import = pyo.Var(m.GI, within=pyo.NonNegativeReals)
    m.TENANT = pyo.Set(initialize=TEN, ordered=True)
    if inp.has_world_demand:
        m.unserved = pyo.Var(m.TENANT, m.YEAR, within=pyo.NonNegativeReals)
    if R:
        m.REGION = pyo.Set(initialize=R, ordered=True)
        m.unserved_region = pyo.Var(m.REGION, m.YEAR, within=pyo.NonNegativeReals)
    fab_idx: list[int] = []
    if inp.new_fabs_allowed:
        fab_ok = _a(ds, "fab_buildable", "year")
        fab_idx = [Y[k] for k in np.nonzero(fab_ok)[0]]
        cap = inp.fab["max_per_year"]
        m.FB = pyo.Set(initialize=fab_idx, ordered=True)
        m.fabs_built = pyo.Var(m.FB, bounds=(0, None if cap is None else float(cap)))

    ab, db, pb = m.accelerators_built, m.datacenter_built, m.power_built
    gen, grid = m.generation, m.grid_import
    yi = {y: k for k, y in enumerate(Y)}
    si = {s: i for i, s in enumerate(S)}
    gi = {g: j for j, g in enumerate(G)}
    ti = {t: j for j, t in enumerate(T)}
    qi = {t: q for q, t in enumerate(TEN)}

    # ------------------------------------------------------- fleet expressions
    acc_active = _a(ds, "acc_active", "gen", "vintage", "year")
    acc_existing = _a(ds, "acc_existing_m", "site", "gen", "year")
    it_per_m = _a(ds, "acc_it_gw_per_m", "gen")
    # accelerators of each (site, gen) in service in each year: (coef, var, tenant)
    ais_terms: dict[tuple[str, str, int], list] = defaultdict(list)
    for s, g, v, q in acc_idx:
        row = acc_active[gi[g], yi[v]]
        for k in np.nonzero(row)[0]:
            ais_terms[s, g, Y[k]].append((float(row[k]), ab[s, g, v, q], q))
    ais_keys = set(ais_terms)
    ais_keys.update((S[i], G[j], Y[k]) for i, j, k in zip(*np.nonzero(acc_existing), strict=True))
    ais_index = sorted(ais_keys, key=lambda x: (si[x[0]], gi[x[1]], yi[x[2]]))
    m.AIS = pyo.Set(initialize=ais_index, dimen=3, ordered=True)
    m.acc_in_service = pyo.Expression(
        m.AIS,
        rule=lambda m, s, g, y: _lin(
            ((c, v) for c, v, _ in ais_terms.get((s, g, y), ())),
            float(acc_existing[si[s], gi[g], yi[y]] * owner[si[s]].sum()),
        ),
    )
    gens_of_sy: dict[tuple[str, int], list[str]] = defaultdict(list)
    for s, g, y in ais_index:
        gens_of_sy[s, y].append(g)
    ais = m.acc_in_service

    conventional = (
        _a(ds, "conventional_it_gw", "site", "year")
        if "conventional_it_gw" in ds
        else np.zeros((nS, nY))
    )

    def ai_it_gw(s, y):
        return pyo.quicksum(float(it_per_m[gi[g]]) * ais[s, g, y] for g in gens_of_sy[s, y])

    m.SY = pyo.Set(initialize=[(s, y) for s in S for y in Y], dimen=2, ordered=True)
    if defined:
        # IT power and compute in service per site: variables, each defined by an equality
        m.it_power = pyo.Var(m.SY, within=pyo.NonNegativeReals)
        m.compute = pyo.Var(m.SY, m.TENANT, within=pyo.NonNegativeReals)

    def it_gw(s, y):
        expr = m.it_power[s, y] if defined else ai_it_gw(s, y)
        extra = float(conventional[si[s], yi[y]])
        return expr + extra if extra else expr

    m.it_gw = pyo.Expression(m.SY, rule=lambda m, s, y: it_gw(s, y))

    dc_active = _a(ds, "dc_active", "site", "vintage", "year")
    dc_existing = _a(ds, "dc_existing_gw", "site", "year")
    dc_terms: dict[tuple[str, int], list] = defaultdict(list)
    for s, v in dc_idx:
        row = dc_active[si[s], yi[v]]
        for k in np.nonzero(row)[0]:
            dc_terms[s, Y[k]].append((float(row[k]), db[s, v]))
    m.dc_it_gw = pyo.Expression(
        m.SY, rule=lambda m, s, y: _lin(dc_terms.get((s, y), ()), float(dc_existing[si[s], yi[y]]))
    )

    pw_active = _a(ds, "pw_active", "tech", "vintage", "year")
    pw_terms: dict[tuple[str, str, int], list] = defaultdict(list)
    for s, t, v in pw_idx:
        row = pw_active[ti[t], yi[v]]
        for k in np.nonzero(row)[0]:
            pw_terms[s, t, Y[k]].append((float(row[k]), pb[s, t, v]))
    m.STY = pyo.Set(initialize=[(s, t, y) for s in S for t in T for y in Y], dimen=3, ordered=True)
    m.pw_cap_gw = pyo.Expression(
        m.STY,
        rule=lambda m, s, t, y: _lin(
            pw_terms.get((s, t, y), ()), float(pw_existing[si[s], ti[t], yi[y]])
        ),
    )
    # structural flags: which fleet expressions hold a variable (rows without one are
    # not rows of the LP; linopy drops them when it hands the model over)
    acc_var_sy = {(s, y) for (s, g, y) in ais_terms}
    it_var_sy = set(m.SY) if defined else acc_var_sy  # where it_gw holds a variable
    pw_var_sty = set(pw_terms)
    pw_var_sy = {(s, y) for (s, t, y) in pw_terms}
    dc_var_sy = set(dc_terms)

    made_terms: dict[tuple[str, int], list] = defaultdict(list)
    for s, g, v, q in acc_idx:
        made_terms[g, v].append((1.0, ab[s, g, v, q]))
    fab_terms: dict[int, list] = defaultdict(list)
    if fab_idx:
        fab_active = _a(ds, "fab_active", "vintage", "year")
        for v in fab_idx:
            row = fab_active[yi[v]]
            for k in np.nonzero(row)[0]:
                fab_terms[Y[k]].append((float(row[k]), m.fabs_built[v]))

    pue = _a(ds, "pue", "site")
    energy_factor = pue * _a(ds, "load_factor", "site") * twh

    # -------------------------------------------------------------- constraints
    h100e = _a(ds, "acc_h100e", "gen")

    # compute in service per site and tenant: its own new accelerators, plus the existing
    # ones it owns [M h100e]
    comp_terms: dict[tuple[str, int, str], list] = defaultdict(list)
    for (s, g, y), terms in ais_terms.items():
        for c, v, q in terms:
            comp_terms[s, y, q].append((float(h100e[gi[g]] * c), v))
    comp_const = np.einsum("sgy,sq->syq", acc_existing * h100e[None, :, None], owner)

    def compute_of(s, y, q):
        return _lin(comp_terms.get((s, y, q), ()), float(comp_const[si[s], yi[y], qi[q]]))

    if defined:
        m.it_power_definition = pyo.Constraint(
            m.SY, rule=lambda m, s, y: m.it_power[s, y] - ai_it_gw(s, y) == 0.0
        )
        m.compute_definition = pyo.Constraint(
            m.SY, m.TENANT, rule=lambda m, s, y, q: m.compute[s, y, q] - compute_of(s, y, q) == 0.0
        )

        def delivered(s, y, q):
            return m.compute[s, y, q]
    else:
        delivered = compute_of

    if inp.has_world_demand:
        if "tenant_demand_mh100e" in ds:
            demand = _a(ds, "tenant_demand_mh100e", "tenant", "year")
        else:
            demand = _a(ds, "demand_mh100e", "year")[None, :]
        m.compute_demand = pyo.Constraint(
            m.TENANT,
            m.YEAR,
            rule=lambda m, q, y: (
                pyo.quicksum(delivered(s, y, q) for s in S) + m.unserved[q, y]
                >= float(demand[qi[q], yi[y]])
            ),
        )
    if R:
        region_of = _a(ds, "site_region", "site")
        rdemand = _a(ds, "region_demand_mh100e", "region", "year")
        members = {r: [s for s in S if region_of[si[s]] == r] for r in R}
        m.region_demand = pyo.Constraint(
            m.REGION,
            m.YEAR,
            rule=lambda m, r, y: (
                pyo.quicksum(delivered(s, y, q) for s in members[r] for q in TEN)
                + m.unserved_region[r, y]
                >= float(rdemand[R.index(r), yi[y]])
            ),
        )

    wafers = _a(ds, "acc_wafers_per_acc", "gen")
    supply_rows = [
        ("wafer_supply", wafers, "wafers_m"),
        ("cowos_supply", _a(ds, "acc_cowos_per_acc", "gen"), "cowos_m"),
        ("hbm_supply", _a(ds, "acc_hbm_per_acc", "gen"), "hbm_m"),
    ]
    for name, per_acc, limit in supply_rows:
        rhs = _a(ds, limit, "year")

        def rule(m, y, per_acc=per_acc, rhs=rhs, name=name):
            if not np.isfinite(rhs[yi[y]]):
                return pyo.Constraint.Skip
            terms = [
                (float(per_acc[j]), v)
                for j, g in enumerate(G)
                for _, v in made_terms.get((g, y), ())
            ]
            if name == "wafer_supply":
                terms += [(-inp.fab["wafers_m"] * c, v) for c, v in fab_terms.get(y, ())]
            if not any(c != _ZERO for c, _ in terms):
                return pyo.Constraint.Skip
            return _lin(terms) <= float(rhs[yi[y]])

        setattr(m, name, pyo.Constraint(m.YEAR, rule=rule))

    m.datacenter_capacity = pyo.Constraint(
        m.SY,
        rule=lambda m, s, y: (
            (m.it_gw[s, y] - m.dc_it_gw[s, y] <= 0.0)
            if (s, y) in it_var_sy or (s, y) in dc_var_sy
            else pyo.Constraint.Skip
        ),
    )
    max_fac = _a(ds, "max_facility_gw", "site")
    m.site_cap = pyo.Constraint(
        m.SY,
        rule=lambda m, s, y: (
            (float(pue[si[s]]) * m.dc_it_gw[s, y] <= float(max_fac[si[s]]))
            if (s, y) in dc_var_sy
            else pyo.Constraint.Skip
        ),
    )
    land = _a(ds, "land_km2", "site")
    dc_km2 = _a(ds, "dc_km2_per_gw", "site")
    pw_land = _a(ds, "pw_land_km2_per_gw", "tech")

    def land_rule(m, s, y):
        i = si[s]
        if not np.isfinite(land[i]):
            return pyo.Constraint.Skip
        has_var = (dc_km2[i] != 0 and (s, y) in dc_var_sy) or any(
            pw_land[ti[t]] != 0 and (s, t, y) in pw_var_sty for t in T
        )
        if not has_var:
            return pyo.Constraint.Skip
        terms = [(float(pue[i] * dc_km2[i]), m.dc_it_gw[s, y])]
        terms += [(float(pw_land[j]), m.pw_cap_gw[s, t, y]) for j, t in enumerate(T)]
        return _lin(terms) <= float(land[i])

    m.land = pyo.Constraint(m.SY, rule=land_rule)

    gens_at = defaultdict(list)
    for s, t, y in gen_idx:
        gens_at[s, y].append(t)
    has_grid = {s for s, _ in grid_idx}

    def energy_rule(m, s, y):
        if not (gens_at.get((s, y)) or s in has_grid or (s, y) in it_var_sy):
            return pyo.Constraint.Skip
        supply = [(1.0, gen[s, t, y]) for t in gens_at.get((s, y), ())]
        if s in has_grid:
            supply.append((1.0, grid[s, y]))
        return _lin(supply) - float(energy_factor[si[s]]) * m.it_gw[s, y] >= 0.0

    m.energy_balance = pyo.Constraint(m.SY, rule=energy_rule)

    cf = _a(ds, "pw_cf", "site", "tech")
    m.generation_limit = pyo.Constraint(
        m.GN,
        rule=lambda m, s, t, y: (
            gen[s, t, y] - float(cf[si[s], ti[t]] * twh) * m.pw_cap_gw[s, t, y] <= 0.0
        ),
    )
    m.grid_import_limit = pyo.Constraint(
        m.GI, rule=lambda m, s, y: grid[s, y] <= float(grid_gw[si[s]] * twh)
    )

    credit = _a(ds, "pw_credit", "tech")
    margin = float(ds["reserve_margin"])
    grid_credit = float(ds["grid_capacity_credit"])

    def firm_rule(m, s, y):
        i = si[s]
        if not ((s, y) in pw_var_sy or (s, y) in it_var_sy):
            return pyo.Constraint.Skip
        firm = pyo.quicksum((float(credit[j]) * m.pw_cap_gw[s, t, y] for j, t in enumerate(T)))
        facility = float(pue[i] * (1.0 + margin)) * m.it_gw[s, y]
        return firm - facility >= -float(grid_gw[i] * grid_credit)

    m.firm_capacity = pyo.Constraint(m.SY, rule=firm_rule)

    pw_limit = _a(ds, "pw_limit_gw", "site", "tech")
    m.build_limit = pyo.Constraint(
        m.STY,
        rule=lambda m, s, t, y: (
            (m.pw_cap_gw[s, t, y] <= float(pw_limit[si[s], ti[t]]))
            if np.isfinite(pw_limit[si[s], ti[t]]) and (s, t, y) in pw_var_sty
            else pyo.Constraint.Skip
        ),
    )

    caps = ds["export_cap_m"]
    countries = [str(c) for c in caps["country"].values]
    cap_vals = caps.transpose("country", "year").values
    cap_classes = _a(ds, "export_cap_classes", "country", "gen")
    site_country = _a(ds, "site_country", "site")
    if np.isfinite(cap_vals).any():
        m.COUNTRY = pyo.Set(initialize=countries, ordered=True)

        sites_of = {c: [s for s in S if site_country[si[s]] == c] for c in countries}

        def export_rule(m, c, y):
            ci = countries.index(c)
            if not np.isfinite(cap_vals[ci, yi[y]]):
                return pyo.Constraint.Skip
            keys = [
                (s, g, y) for s in sites_of[c] for g in gens_of_sy[s, y] if cap_classes[ci, gi[g]]
            ]
            if not any(k in ais_terms for k in keys):
                return pyo.Constraint.Skip
            return pyo.quicksum(ais[k] for k in keys) <= float(cap_vals[ci, yi[y]])

        m.export_cap = pyo.Constraint(m.COUNTRY, m.YEAR, rule=export_rule)

    price = _a(ds, "acc_price_busd_per_m", "gen")
    dc_capex = _a(ds, "dc_capex_busd_per_gw", "site")
    dc_cash = _a(ds, "dc_cash", "site", "vintage", "year")
    pw_capex = _a(ds, "pw_capex_busd_per_gw", "tech")
    pw_cash = _a(ds, "pw_cash", "tech", "vintage", "year")
    budget = _a(ds, "budget_busd", "year")
    cash_terms: dict[int, list] = defaultdict(list)
    for s, g, v, q in acc_idx:
        cash_terms[v].append((float(price[gi[g]]), ab[s, g, v, q]))
    for s, v in dc_idx:
        row = dc_cash[si[s], yi[v]]
        for k in np.nonzero(row)[0]:
            cash_terms[Y[k]].append((float(dc_capex[si[s]] * row[k]), db[s, v]))
    for s, t, v in pw_idx:
        row = pw_cash[ti[t], yi[v]]
        for k in np.nonzero(row)[0]:
            cash_terms[Y[k]].append((float(pw_capex[ti[t]] * row[k]), pb[s, t, v]))
    if fab_idx:
        fab_cash = _a(ds, "fab_cash", "vintage", "year")
        for v in fab_idx:
            row = fab_cash[yi[v]]
            for k in np.nonzero(row)[0]:
                cash_terms[Y[k]].append((float(inp.fab["capex_busd"] * row[k]), m.fabs_built[v]))
    m.budget = pyo.Constraint(
        m.YEAR,
        rule=lambda m, y: (
            (_lin(cash_terms[y]) <= float(budget[yi[y]]))
            if np.isfinite(budget[yi[y]]) and any(c != _ZERO for c, _ in cash_terms.get(y, ()))
            else pyo.Constraint.Skip
        ),
    )

    share = _a(ds, "min_clean_share", "year")
    pw_clean = _a(ds, "pw_clean", "tech")
    grid_clean = _a(ds, "grid_clean_share", "site")
    if (share > 0).any():

        def clean_rule(m, y):
            sh = float(share[yi[y]])
            if not sh > 0:
                return pyo.Constraint.Skip
            terms = [(float(pw_clean[ti[t]]) - sh, gen[s, t, y]) for s, t, yy in gen_idx if yy == y]
            terms += [(float(grid_clean[si[s]]) - sh, grid[s, y]) for s in S if s in has_grid]
            if not terms:
                return pyo.Constraint.Skip
            return _lin(terms) >= 0.0

        m.clean_share = pyo.Constraint(m.YEAR, rule=clean_rule)

    # ---------------------------------------------------------------- objective
    acc_pv = (acc_active * disc[None, None, :]).sum(axis=2)  # (gen, vintage)
    # capital recovery factors: per gen (or per site and gen where the cost of capital
    # depends on the country)
    acc_crf = ds["acc_crf"].broadcast_like(ds["acc_allowed"]).transpose("site", "gen").values
    acc_annuity = acc_crf * price[None, :]  # (site, gen)
    dc_pv = (dc_active * disc[None, None, :]).sum(axis=2)  # (site, vintage)
    dc_annuity = ds["dc_crf"].broadcast_like(ds["pue"]).transpose("site").values * dc_capex
    dc_fom = _a(ds, "dc_fom_busd_per_gw", "site")
    pw_pv = (pw_active * disc[None, None, :]).sum(axis=2)  # (tech, vintage)
    pw_crf = ds["pw_crf"].broadcast_like(ds["pw_cf"]).transpose("site", "tech").values
    pw_annuity = pw_crf * pw_capex[None, :]  # (site, tech)
    pw_fom = _a(ds, "pw_fom_busd_per_gw", "tech")
    pw_var = _a(ds, "pw_var_busd_per_twh", "tech")
    grid_price = _a(ds, "grid_price_busd_per_twh", "site")
    carbon = _a(ds, "carbon_price_busd_per_mt", "year")
    pw_emis = _a(ds, "pw_emissions_mt_per_twh", "tech")
    grid_carbon = _a(ds, "grid_carbon_mt_per_twh", "site")

    cost: list = []
    cost += [
        (float(acc_annuity[si[s], gi[g]] * acc_pv[gi[g], yi[v]]), ab[s, g, v, q])
        for s, g, v, q in acc_idx
    ]
    cost += [(float(dc_annuity[si[s]] * dc_pv[si[s], yi[v]]), db[s, v]) for s, v in dc_idx]
    cost += [
        (float(dc_fom[si[s]] * disc[yi[y]] * c), v)
        for (s, y), terms in dc_terms.items()
        for c, v in terms
    ]
    cost += [
        (float(pw_annuity[si[s], ti[t]] * pw_pv[ti[t], yi[v]]), pb[s, t, v]) for s, t, v in pw_idx
    ]
    cost += [
        (float(pw_fom[ti[t]] * disc[yi[y]] * c), v)
        for (s, t, y), terms in pw_terms.items()
        for c, v in terms
    ]
    cost += [
        (float((pw_var[ti[t]] + pw_emis[ti[t]] * carbon[yi[y]]) * disc[yi[y]]), gen[s, t, y])
        for s, t, y in gen_idx
    ]
    cost += [
        (float((grid_price[si[s]] + grid_carbon[si[s]] * carbon[yi[y]]) * disc[yi[y]]), grid[s, y])
        for s, y in grid_idx
    ]
    if fab_idx:
        fab = inp.fab
        fab_pv = (_a(ds, "fab_active", "vintage", "year") * disc[None, :]).sum(axis=1)
        cost += [
            (float(fab["crf"] * fab["capex_busd"] * fab_pv[yi[v]]), m.fabs_built[v])
            for v in fab_idx
        ]
        cost += [
            (float(fab["fom_busd"] * disc[yi[y]] * c), v)
            for y, terms in fab_terms.items()
            for c, v in terms
        ]
    penalty = inp.penalty_busd_per_mh100e
    if inp.has_world_demand:
        value = (
            _a(ds, "tenant_penalty_busd_per_mh100e", "tenant")
            if "tenant_penalty_busd_per_mh100e" in ds
            else np.full(nTen, penalty)
        )
        cost += [(float(value[qi[q]] * disc[yi[y]]), m.unserved[q, y]) for q in TEN for y in Y]
    if R:
        cost += [(float(penalty * disc[yi[y]]), m.unserved_region[r, y]) for r in R for y in Y]
    # constant part (sunk existing assets' fixed O&M); linopy refuses a constant objective,
    # so this is 0 for every scenario flopgrid can build
    const = float(
        (dc_fom[:, None] * dc_existing * disc[None, :]).sum()
        + (pw_fom[None, :, None] * pw_existing * disc[None, None, :]).sum()
    )
    m.system_cost = pyo.Objective(expr=_lin(cost, const), sense=pyo.minimize)
    m._sizes = {"sites": nS, "gens": nG, "techs": nT, "years": nY}
    return m


def solve_pyomo(m: pyo.ConcreteModel, time_limit_s: float | None = None) -> dict:
    """Solve the twin with HiGHS via ``pyomo.contrib.solver``'s ``highs`` interface.

    Returns the objective [B USD], termination, and the time split: ``solver_s`` (HiGHS'
    own run time) and ``handoff_and_load_s`` (Pyomo writing the model into HiGHS and
    loading the primal solution back).
    """
    from pyomo.contrib.solver.solvers.highs import Highs

    opt = Highs()
    kwargs = {"load_solutions": True, "raise_exception_on_nonoptimal_result": False}
    if time_limit_s is not None:
        kwargs["time_limit"] = float(time_limit_s)
    t0 = time.perf_counter()
    res = opt.solve(m, **kwargs)
    total = time.perf_counter() - t0
    highs_s = float(getattr(res.timing_info, "highs_time", float("nan")))
    h = opt._solver_model
    return {
        "termination": str(res.termination_condition),
        "objective": float(pyo.value(m.system_cost))
        if res.incumbent_objective is not None
        else None,
        "solve_total_s": total,
        "solver_s": highs_s,
        "handoff_and_load_s": max(total - highs_s, 0.0),
        "lp_rows": int(h.getNumRow()) if h is not None else None,
        "lp_cols": int(h.getNumCol()) if h is not None else None,
        "lp_nnz": int(h.getNumNz()) if h is not None else None,
        "simplex_iterations": int(h.getInfo().simplex_iteration_count) if h is not None else None,
        "nvars": int(sum(1 for _ in m.component_data_objects(pyo.Var, active=True))),
        "ncons": int(sum(1 for _ in m.component_data_objects(pyo.Constraint, active=True))),
    }
