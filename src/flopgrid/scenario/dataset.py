"""The packaged default dataset: the base every scenario extends.

It is one YAML file per section plus ``countries.csv``, all under
``flopgrid/data``. Each value carries its source in the data itself.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from pathlib import Path

from .. import units
from ..errors import Problem, ScenarioError
from .yamlio import Lines, parse_yaml

DATA_FILES = ("policy.yaml", "accelerators.yaml", "datacenter.yaml", "power.yaml", "supply.yaml")
COUNTRIES_FILE = "countries.csv"
COUNTRY_RISK_FILE = "country_risk.csv"

# countries.csv column -> (Country field, source column, converter)
_COUNTRY_COLUMNS = {
    "name": ("name", None, str),
    "hub_city": ("hub_city", None, str),
    "lat": ("lat", "hub_source", float),
    "lon": ("lon", "hub_source", float),
    "industrial_price_usd_per_mwh": ("industrial_price_usd_per_mwh", "price_source", float),
    "grid_carbon_g_per_kwh": (
        "grid_carbon_t_per_mwh",
        "carbon_source",
        lambda v: units.t_per_mwh_from_g_per_kwh(float(v)),
    ),
    "clean_share": ("clean_share", "clean_share_source", float),
    "solar_cf": ("solar_cf", "solar_source", float),
    "wind_cf": ("wind_cf", "wind_source", float),
    "dc_cost_usd_per_w": ("dc_cost_usd_per_w", "dc_cost_source", float),
    "export_tier": ("export_tier", "export_tier_source", lambda v: int(float(v))),
    "iea_region": ("iea_region", None, str),
}


def data_dir() -> Path:
    """Folder of the packaged dataset and built-in scenarios."""
    return Path(str(resources.files("flopgrid") / "data"))


def _merge_into(target: dict, part: dict) -> None:
    for key, value in part.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge_into(target[key], value)
        else:
            target[key] = value


def read_countries(path: Path) -> tuple[dict, Lines]:
    """Read ``countries.csv`` into ``{ISO2: Country fields}`` with per-field sources."""
    countries: dict[str, dict] = {}
    lines: Lines = {}
    label = f"data/{path.name}"
    with path.open(newline="", encoding="utf-8") as fh:
        for row_no, row in enumerate(csv.DictReader(fh), start=2):
            iso = (row.get("iso2") or "").strip()
            entry: dict = {"sources": {}, "confidence": {}}
            level = (row.get("confidence") or "medium").strip() or "medium"
            for column, (field, source_col, convert) in _COUNTRY_COLUMNS.items():
                raw = (row.get(column) or "").strip()
                if raw == "":
                    continue
                try:
                    entry[field] = convert(raw)
                except ValueError:
                    raise ScenarioError(
                        [
                            Problem(
                                f"{iso}.{column}", f"expected a number, got {raw!r}", label, row_no
                            )
                        ]
                    ) from None
                if source_col:
                    entry["sources"][field] = (row.get(source_col) or "").strip()
                    source = entry["sources"][field]
                    entry["confidence"][field] = "low" if "PROXY" in source.upper() else level
            countries[iso] = entry
            lines[("countries", iso)] = (label, row_no)
    return countries, lines


def _add_country_risk(countries: dict, path: Path) -> None:
    """Merge Damodaran's country risk premiums (``country_risk.csv``) into the countries."""
    if not path.exists():
        return
    with path.open(newline="", encoding="utf-8") as fh:
        for row_no, row in enumerate(csv.DictReader(fh), start=2):
            entry = countries.get((row.get("iso2") or "").strip())
            raw = (row.get("country_risk_premium") or "").strip()
            if entry is None or not raw:
                continue
            try:
                entry["country_risk_premium"] = float(raw)
            except ValueError:
                raise ScenarioError(
                    [
                        Problem(
                            f"{row['iso2']}.country_risk_premium",
                            f"expected a number, got {raw!r}",
                            f"data/{path.name}",
                            row_no,
                        )
                    ]
                ) from None
            entry["sources"]["country_risk_premium"] = (row.get("source") or "").strip()
            entry["confidence"]["country_risk_premium"] = (
                row.get("confidence") or "medium"
            ).strip() or "medium"


@cache
def _load_default() -> tuple[dict, Lines]:
    base = data_dir()
    data: dict = {}
    lines: Lines = {}
    for name in DATA_FILES:
        path = base / name
        text = path.read_text(encoding="utf-8")
        part, part_lines = parse_yaml(text, f"data/{name}", trusted=True)
        _merge_into(data, part)
        lines.update(part_lines)
    countries, country_lines = read_countries(base / COUNTRIES_FILE)
    _add_country_risk(countries, base / COUNTRY_RISK_FILE)
    data["countries"] = countries
    lines.update(country_lines)
    return data, lines


def load_default() -> tuple[dict, Lines]:
    """The packaged dataset as a raw scenario dict and its line map (copies)."""
    import copy

    data, lines = _load_default()
    return copy.deepcopy(data), dict(lines)
