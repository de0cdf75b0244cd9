"""The report's figures and HTML: every figure builds, the page is self-contained."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs

import flopgrid
from flopgrid.report import FIGURES, ResultPlots, write_comparison, write_report
from flopgrid.report._common import run_labels
from flopgrid.report.figures import compare_headlines, headline, headline_rows
from flopgrid.report.sources import iter_sources

PLOTLY_BANNER = get_plotlyjs()[:40]


def multi_site(base: dict) -> dict:
    """Three years, two sites with coordinates, gas and solar, a tight wafer supply that
    makes new fabs worth building and a campus cap that binds."""
    base["name"] = "two-sites"
    base["years"] = {"start": 2030, "end": 2032}
    base["demand"]["by_year"] = {2030: 1_000_000, 2031: 1_500_000, 2032: 2_000_000}
    base["sites"]["a"].update(lat=32.5, lon=-99.8, max_facility_gw=1.5, build=["gas", "solar"])
    base["sites"]["b"] = dict(
        base["sites"]["a"],
        country="CA",
        lat=45.5,
        lon=-73.6,
        max_facility_gw=10,
        grid_price_usd_per_mwh=70,
        grid_carbon_t_per_mwh=0.03,
        build=[],
    )
    base["power"]["gas"] = {
        "capex_usd_per_kw": 1000,
        "variable_usd_per_mwh": 30,
        "capacity_factor": 0.9,
        "capacity_credit": 1.0,
        "emissions_t_per_mwh": 0.5,
        "lifetime_years": 25,
    }
    base["power"]["solar"] = {
        "capex_usd_per_kw": 800,
        "capacity_factor": 0.25,
        "capacity_credit": 0.0,
        "clean": True,
        "lifetime_years": 25,
    }
    base["supply"].update(wafers_per_year=20_000, new_fabs_allowed=True)
    base["supply"]["new_fab"].update(lead_years=0, capex_usd=2e10, wafers_per_year=20_000)
    base["sources"] = {"discount_rate": "test assumption"}
    base["confidence"] = {"discount_rate": "low"}
    base["demand"]["sources"] = {"by_year": "made up for the test"}
    return base


@pytest.fixture(scope="module")
def one() -> flopgrid.Result:
    from tests.conftest import CASES

    return flopgrid.plan(CASES / "one_site.yaml")


@pytest.fixture(scope="module")
def multi(tmp_path_factory) -> flopgrid.Result:
    import yaml

    from tests.conftest import one_site

    path = tmp_path_factory.mktemp("multi") / "multi.yaml"
    path.write_text(yaml.safe_dump(multi_site(one_site()), sort_keys=False))
    return flopgrid.plan(path)


def test_multi_site_case_exercises_the_figures(multi):
    by = multi.summary["by_year"]
    assert multi.years == [2030, 2031, 2032]
    assert sum(by["new_fabs"]) > 0
    assert multi.bottlenecks
    assert float(multi.data["generation_twh"].sum()) > 0


@pytest.mark.parametrize("name", list(FIGURES))
@pytest.mark.parametrize("case", ["one", "multi"])
def test_every_figure_builds(name, case, request):
    result = request.getfixturevalue(case)
    fig = getattr(ResultPlots(result), name)()
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text
    fig.to_json()  # serialisable, as the report needs


def test_figures_show_the_result(multi):
    plots = ResultPlots(multi)
    acc = plots.accelerators_by_generation()
    total = sum(sum(t.y) for t in acc.data)
    assert total == pytest.approx(sum(multi.summary["by_year"]["accelerators"]), rel=1e-9)
    assert {t.name for t in plots.it_power_by_site().data if t.type == "bar"} == {"a", "b"}
    mix = plots.power_mix()
    assert mix.layout.updatemenus  # a menu of sites
    assert [b.label for b in mix.layout.updatemenus[0].buttons] == ["all sites", "a", "b"]
    geo = plots.site_map().data[0]
    assert list(geo.text) == ["a", "b"]
    sankey = plots.supply_chain_sankey().data[0]
    labels = set(sankey.node.label)
    assert {"X", "a", "b", "grid import"} <= labels
    assert any(lbl.startswith("wafers") for lbl in labels)


def test_empty_families_and_single_year_are_handled(one):
    fig = ResultPlots(one).bottleneck_timeline()
    assert not fig.data  # nothing binds in the one-site case
    assert "No constraint binds" in fig.layout.annotations[0].text
    assert ResultPlots(one).power_mix().layout.title.text == "Power mix: a"


def test_headline(one):
    rows = dict(headline_rows(one))
    assert rows["Cash capex, all years"] == "40 B USD"
    assert rows["Peak accelerators in service"] == "1 M"
    assert isinstance(headline(one).data[0], go.Table)


def test_sources_are_walked_with_values_and_confidence(multi):
    rows = {r.path: r for r in iter_sources(multi.scenario)}
    assert rows["discount_rate"].value == pytest.approx(0.1)
    assert rows["discount_rate"].confidence == "low"
    assert rows["demand.by_year"].source == "made up for the test"


def test_report_is_one_self_contained_file(multi, tmp_path):
    path = write_report(multi, tmp_path / "out" / "report.html")
    html = path.read_text(encoding="utf-8")
    assert html.count(PLOTLY_BANNER) == 1
    ids = re.findall(r'<div class="fg-chart" id="([^"]+)"', html)
    assert ids == [f"fg-{name}" for name in FIGURES]
    assert "window.PlotlyGeoAssets" in html  # the base map travels with the page
    assert 'src="http' not in html and "<link" not in html
    assert "Assumptions and sources" in html and "made up for the test" in html
    assert "<td>demand.by_year</td>" in html
    assert multi.bottlenecks[0]["explanation"][1:40] in html
    assert [p.name for p in tmp_path.joinpath("out").iterdir()] == ["report.html"]


def test_single_site_report(one, tmp_path):
    html = write_report(one, tmp_path / "one.html").read_text(encoding="utf-8")
    assert html.count(PLOTLY_BANNER) == 1
    assert "No constraint binds" in html


def test_report_overwrites_atomically(one, tmp_path):
    path = tmp_path / "r.html"
    path.write_text("old")
    write_report(one, path)
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


def test_comparison_report(one, multi, tmp_path):
    fig = compare_headlines([one, multi])
    assert len(fig.data) == 8 * 2  # a bar a run in each of the 8 charts
    html = write_comparison([one, multi], tmp_path / "cmp.html").read_text(encoding="utf-8")
    assert html.count(PLOTLY_BANNER) == 1
    assert html.count('class="fg-chart"') == 7
    assert "one-site" in html and "two-sites" in html
    assert run_labels([one, one]) == ["one-site #1", "one-site #2"]
    with pytest.raises(ValueError):
        write_comparison([one], tmp_path / "x.html")


def test_who_pays_figures_keep_members_and_tenants_apart(write, base):
    from flopgrid.report.finance import capital_sankey, member_cash_flows, tenant_costs

    base["demand"] = {"by_year": None}
    base["tenants"] = {
        "anchor": {"demand": {"by_year": {2030: 400_000}}, "value_usd_per_h100e_year": 50_000}
    }
    base["finance"] = {
        "members": {
            "anchor": {"shares": {"accelerators": 1.0}},
            "builder": {"shares": {"datacenters": 1.0}},
        },
        "lease_usd_per_h100e_year": 20_000,
    }
    r = flopgrid.plan(write(base))
    labels = list(capital_sankey(r).data[0].node.label)
    assert "anchor (member)" in labels and "anchor (tenant)" in labels
    links = capital_sankey(r).data[0].link
    assert sum(links.value) == pytest.approx(2 * r.summary["totals"]["capex_usd"] / 1e9)
    assert {t.name for t in member_cash_flows(r).data} >= {"anchor", "builder", "total"}
    assert len(tenant_costs(r).data) >= 2  # accelerators and data centers at least
