"""The packaged default dataset: the base every scenario extends.

It is one YAML file per section plus CSV tables, all under ``flopgrid/data``:
``countries.csv`` (one row per country), ``country_paths.csv`` (a country's price, gas price,
grid carbon and clean share in later years) and ``power_costs.csv`` (power-technology costs by
cost region and year). Each value carries its source in the data itself.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from pathlib import Path

from .. import units
from ..errors import Problem, ScenarioError
from .yamlio import Lines, parse_yaml

DATA_FILES = (
    "policy.yaml",
    "accelerators.yaml",
    "datacenter.yaml",
    "power.yaml",
    "supply.yaml",
    "water.yaml",
)
COUNTRIES_FILE = "countries.csv"
COUNTRY_RISK_FILE = "country_risk.csv"
COUNTRY_PATHS_FILE = "country_paths.csv"
POWER_COSTS_FILE = "power_costs.csv"


def _carbon(v: str) -> float:
    return units.t_per_mwh_from_g_per_kwh(float(v))


# countries.csv column -> (Country field, source column, converter[, confidence column])
_COUNTRY_COLUMNS = {
    "name": ("name", None, str),
    "hub_city": ("hub_city", None, str),
    "lat": ("lat", "hub_source", float),
    "lon": ("lon", "hub_source", float),
    "industrial_price_usd_per_mwh": (
        "industrial_price_usd_per_mwh",
        "price_source",
        float,
        "price_confidence",
    ),
    "grid_carbon_g_per_kwh": ("grid_carbon_t_per_mwh", "carbon_source", _carbon),
    "clean_share": ("clean_share", "clean_share_source", float),
    "solar_cf": ("solar_cf", "solar_source", float),
    "wind_cf": ("wind_cf", "wind_source", float),
    "dc_cost_usd_per_w": ("dc_cost_usd_per_w", "dc_cost_source", float),
    "export_tier": ("export_tier", "export_tier_source", lambda v: int(float(v))),
    "iea_region": ("iea_region", None, str),
    "gas_price_usd_per_mmbtu": ("gas_price_usd_per_mmbtu", "gas_source", float, "gas_confidence"),
    "cost_region": ("cost_region", "cost_region_source", str),
    "interconnection_lead_years": (
        "interconnection_lead_years",
        "interconnection_source",
        float,
        "interconnection_confidence",
    ),
    "water_stress_score": ("water_stress_score", "water_stress_source", float),
    "grid_water_consumption_l_per_kwh": (
        "grid_water_consumption_l_per_kwh",
        "grid_water_source",
        float,
        "grid_water_confidence",
    ),
    "grid_water_withdrawal_l_per_kwh": (
        "grid_water_withdrawal_l_per_kwh",
        "grid_water_source",
        float,
        "grid_water_confidence",
    ),
}
#: country_paths.csv field -> (Country field, converter)
_PATH_FIELDS = {
    "industrial_price_usd_per_mwh": ("industrial_price_usd_per_mwh", float),
    "gas_price_usd_per_mmbtu": ("gas_price_usd_per_mmbtu", float),
    "grid_carbon_g_per_kwh": ("grid_carbon_t_per_mwh", _carbon),
    "clean_share": ("clean_share", float),
}
#: the year a countries.csv value stands for in a path (its source year may be earlier)
BASE_YEAR = 2024
#: power_costs.csv field -> (PowerTech path field, CostFactors field)
_COST_FIELDS = {
    "capex_usd_per_kw": ("capex_usd_per_kw", "capex"),
    "capex_usd_per_kwh": ("capex_usd_per_kwh", "capex_kwh"),
    "fixed_om_usd_per_kw_year": ("fixed_om_usd_per_kw_year", "fixed_om"),
    "variable_usd_per_mwh": ("variable_usd_per_mwh", "variable"),
    "heat_rate_mmbtu_per_mwh": ("heat_rate_mmbtu_per_mwh", None),
}
#: the region whose costs are a technology's own path (the others are factors of it)
REFERENCE_REGIONS = ("EU", "US")


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
            for column, (field, source_col, convert, *conf_col) in _COUNTRY_COLUMNS.items():
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
                    own = (row.get(conf_col[0]) or "").strip() if conf_col else ""
                    entry["confidence"][field] = (
                        "low" if "PROXY" in source.upper() else own or level
                    )
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


def _rows(path: Path):
    with path.open(newline="", encoding="utf-8") as fh:
        yield from enumerate(csv.DictReader(fh), start=2)


def _number(raw: str, where: str, path: Path, row_no: int) -> float:
    try:
        return float(raw)
    except ValueError:
        raise ScenarioError(
            [Problem(where, f"expected a number, got {raw!r}", f"data/{path.name}", row_no)]
        ) from None


def _add_country_paths(countries: dict, path: Path) -> None:
    """Turn a country's value into ``{by_year}`` with the later years of ``country_paths.csv``
    (the countries.csv value stands for :data:`BASE_YEAR`); each year keeps its own source."""
    if not path.exists():
        return
    for row_no, row in _rows(path):
        iso, column = row["iso2"].strip(), row["field"].strip()
        entry = countries.get(iso)
        if entry is None or column not in _PATH_FIELDS:
            raise ScenarioError(
                [
                    Problem(
                        f"{iso}.{column}", "unknown country or field", f"data/{path.name}", row_no
                    )
                ]
            )
        field, convert = _PATH_FIELDS[column]
        year = int(_number(row["year"], f"{iso}.year", path, row_no))
        value = convert(str(_number(row["value"], f"{iso}.{column}", path, row_no)))
        base = entry.get(field)
        if not isinstance(base, dict):
            entry[field] = {"by_year": {} if base is None else {BASE_YEAR: base}}
        entry[field]["by_year"][year] = value
        key = f"{field}.by_year.{year}"
        entry["sources"][key] = row["source"].strip()
        entry["confidence"][key] = (row.get("confidence") or "medium").strip() or "medium"


def _add_power_costs(power: dict, path: Path) -> None:
    """Costs by cost region and year (``power_costs.csv``): the reference region's values
    become each technology's paths, every other region's their ratio to it (``cost_factors``)."""
    if not path.exists():
        return
    table: dict = {}  # tech -> region -> field -> year -> (value, source, confidence)
    for row_no, row in _rows(path):
        tech, field = row["tech"].strip(), row["field"].strip()
        if tech not in power or field not in _COST_FIELDS:
            raise ScenarioError(
                [
                    Problem(
                        f"{tech}.{field}",
                        "unknown technology or field",
                        f"data/{path.name}",
                        row_no,
                    )
                ]
            )
        value = _number(row["value"], f"{tech}.{field}", path, row_no)
        year = int(_number(row["year"], f"{tech}.year", path, row_no))
        cell = (value, row["source"].strip(), (row.get("confidence") or "medium").strip())
        table.setdefault(tech, {}).setdefault(row["region"].strip(), {}).setdefault(field, {})[
            year
        ] = cell
    for tech, regions in table.items():
        ref = next(r for r in (*REFERENCE_REGIONS, *regions) if r in regions)
        spec = power[tech]
        sources, confidence = spec.setdefault("sources", {}), spec.setdefault("confidence", {})
        for column, (field, _) in _COST_FIELDS.items():
            for year, (value, source, level) in regions[ref].get(column, {}).items():
                spec.setdefault(field, {"by_year": {}})["by_year"][year] = value
                sources[f"{field}.by_year.{year}"] = f"{ref}: {source}"
                confidence[f"{field}.by_year.{year}"] = level
        factors = spec.setdefault("cost_factors", {})
        for region, fields in regions.items():
            if region == ref:
                continue
            entry = factors.setdefault(region, {"sources": {}, "confidence": {}})
            for column, (field, name) in _COST_FIELDS.items():
                if name is None or column not in fields:
                    continue
                for year, (value, source, level) in fields[column].items():
                    base = regions[ref].get(column, {}).get(year, (0.0,))[0]
                    ratio = value / base if base else 1.0
                    entry.setdefault(name, {"by_year": {}})["by_year"][year] = round(ratio, 6)
                    entry["sources"][f"{name}.by_year.{year}"] = (
                        f"derived: {region} {value:.6g} / {ref} {base:.6g} ({field}, {year}); "
                        f"{region}: {source}"
                    )
                    entry["confidence"][f"{name}.by_year.{year}"] = level


@cache
def _load_default() -> tuple[dict, Lines]:
    base = data_dir()
    data: dict = {}
    lines: Lines = {}
    for name in DATA_FILES:
        path = base / name
        part, part_lines = parse_yaml(path.read_text(encoding="utf-8"), f"data/{name}")
        _merge_into(data, part)
        lines.update(part_lines)
    _add_power_costs(data["power"], base / POWER_COSTS_FILE)
    countries, country_lines = read_countries(base / COUNTRIES_FILE)
    _add_country_risk(countries, base / COUNTRY_RISK_FILE)
    _add_country_paths(countries, base / COUNTRY_PATHS_FILE)
    data["countries"] = countries
    lines.update(country_lines)
    return data, lines


def load_default() -> tuple[dict, Lines]:
    """The packaged dataset as a raw scenario dict and its line map (copies)."""
    import copy

    data, lines = _load_default()
    return copy.deepcopy(data), dict(lines)
