"""The report in a real browser: headless Debian Chromium, network blocked.

Every chart container must hold plotly's rendered SVG, the console must stay free
of errors, and a full-page screenshot is kept in test-artifacts/ for people to see.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import flopgrid
from flopgrid.report import write_comparison, write_report
from flopgrid.report.figures import FIGURES
from tests.conftest import CASES, one_site
from tests.report.test_report import multi_site

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ALL_RENDERED = """() => {
  const charts = [...document.querySelectorAll('.fg-chart')];
  return charts.length > 0 && charts.every(c => c.querySelector('svg.main-svg'));
}"""

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: apt-get install -y --no-install-recommends chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _open(browser, path: Path):
    """Open a report offline; returns (page, console errors, blocked requests)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri())
    page.wait_for_function(ALL_RENDERED, timeout=30_000)
    page.wait_for_timeout(300)  # let late console errors arrive
    return page, errors, blocked


def _check(page, errors, blocked) -> list[str]:
    ids = page.eval_on_selector_all(".fg-chart", "els => els.map(e => e.id)")
    missing = page.eval_on_selector_all(
        ".fg-chart", "els => els.filter(e => !e.querySelector('svg.main-svg')).map(e => e.id)"
    )
    assert not missing, f"charts not rendered: {missing}"
    assert not errors, f"JavaScript errors: {errors}"
    assert not blocked, f"the report asked the network for: {blocked}"
    return ids


def test_report_renders_offline_without_errors(browser, tmp_path):
    scenario = tmp_path / "two_sites.yaml"
    scenario.write_text(yaml.safe_dump(multi_site(one_site()), sort_keys=False))
    path = write_report(flopgrid.plan(scenario), tmp_path / "report.html")
    page, errors, blocked = _open(browser, path)
    ids = _check(page, errors, blocked)
    assert len(ids) == len(FIGURES)
    # the map drew its base layers from the embedded topojson, not just the markers
    assert page.locator("#fg-site_map path.land, #fg-site_map .layer.land path").count() > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
    page.context.close()


def test_comparison_renders_offline_without_errors(browser, tmp_path):
    one = flopgrid.plan(CASES / "one_site.yaml")
    data = one_site()
    data["discount_rate"] = 0.05
    scenario = tmp_path / "cheap_money.yaml"
    scenario.write_text(yaml.safe_dump(data, sort_keys=False))
    path = write_comparison([one, flopgrid.plan(scenario)], tmp_path / "compare.html")
    page, errors, blocked = _open(browser, path)
    assert len(_check(page, errors, blocked)) == 7
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "comparison.png"), full_page=True)
    page.context.close()
