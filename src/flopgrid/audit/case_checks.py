"""The fields of a validation case (validation/cases.yaml), each checked before anything is
planned: a mistyped case is bad input (exit 2), not a failed figure."""

from __future__ import annotations

import math
from pathlib import Path

from ..errors import did_you_mean

REQUIRED = ("id", "figure", "unit", "source", "scenario", "path")
GROUPS = ("calibrated", "held_out")
KIND_GROUP = {"calibration": "calibrated", "check": "held_out"}
KNOWN = (*REQUIRED, "value", "range", "tolerance", "year", "group", "kind", "gate", "note", "set")
_TEXT = ("id", "figure", "unit", "source", "scenario", "note")


def is_number(x: object) -> bool:
    """A finite int or float (not a bool)."""
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def is_year(x: object) -> bool:
    """A whole year 1990-2100."""
    return isinstance(x, int) and not isinstance(x, bool) and 1990 <= x <= 2100


def is_pair(x: object, ok=is_number) -> bool:
    """[low, high]: two values ``ok`` accepts, low <= high."""
    return isinstance(x, list) and len(x) == 2 and all(ok(v) for v in x) and x[0] <= x[1]


def _path_ok(path: object) -> bool:
    """'a.b', [a, b] or a list of such lists (summed)."""
    if isinstance(path, str):
        return bool(path.strip())
    if not isinstance(path, list) or not path:
        return False
    if all(isinstance(p, list) for p in path):
        return all(_path_ok(p) and not isinstance(p[0], list) for p in path)
    return all(isinstance(p, str | int) and not isinstance(p, bool) for p in path)


def _scenario_problem(scenario: str, base: Path) -> str | None:
    from ..scenario import builtin_names

    if scenario.endswith((".yaml", ".yml")):
        if not (base / scenario).is_file():
            return f"no file {base / scenario} (a scenario file is read relative to the cases file)"
        return None
    names = builtin_names()
    if scenario not in names:
        return f"no built-in scenario {scenario!r}; one of {', '.join(names)}, or a .yaml file"
    return None


def case_problems(case: dict, base: Path) -> list[tuple[str, str]]:
    """(field, what is wrong) for each problem of one case; ``base`` is the cases file's
    folder (scenario files are read relative to it)."""
    out: list[tuple[str, str]] = []
    for key in case:
        if key not in KNOWN:
            out.append((str(key), "unknown key" + did_you_mean(key, KNOWN, listing=True)))
    out += [(k, "required field is missing") for k in REQUIRED if k not in case]
    for key in _TEXT:
        if key in case and (not isinstance(case[key], str) or not case[key].strip()):
            out.append((key, f"expected text, got {case[key]!r}"))
    if ("value" in case) == ("range" in case):
        out.append(("", "give exactly one of value, range"))
    if "value" in case and not is_number(case["value"]):
        out.append(("value", f"expected a finite number, got {case['value']!r}"))
    if "value" in case and "tolerance" not in case:
        out.append(("tolerance", "a value case needs a tolerance (relative, e.g. 0.15)"))
    tolerance = case.get("tolerance")
    if "tolerance" in case and not (is_number(tolerance) and tolerance > 0):  # type: ignore[operator]
        out.append(("tolerance", f"expected a number > 0 (relative, e.g. 0.15), got {tolerance!r}"))
    bounds = case.get("range")
    if "range" in case and not is_pair(bounds):
        out.append(("range", f"expected [low, high], two numbers, low <= high, got {bounds!r}"))
    year = case.get("year")
    if "year" in case and not is_year(year):
        out.append(("year", f"expected a year 1990-2100, got {year!r}"))
    if "group" in case and case["group"] not in GROUPS:
        out.append(("group", f"expected one of {', '.join(GROUPS)}, got {case['group']!r}"))
    if "kind" in case and case["kind"] not in KIND_GROUP:
        out.append(("kind", f"expected one of {', '.join(KIND_GROUP)}, got {case['kind']!r}"))
    if "gate" in case and not isinstance(case["gate"], bool):
        out.append(("gate", f"expected true or false, got {case['gate']!r}"))
    fixed = case.get("set")
    if "set" in case and not (isinstance(fixed, list) and all(isinstance(x, str) for x in fixed)):
        out.append(("set", f"expected a list of PATH=VALUE, got {fixed!r}"))
    if "path" in case and not _path_ok(case["path"]):
        out.append(("path", f"expected a.b, [a, b] or a list of such lists, got {case['path']!r}"))
    scenario = case.get("scenario")
    if isinstance(scenario, str) and scenario.strip():
        problem = _scenario_problem(scenario, base)
        if problem:
            out.append(("scenario", problem))
    return out
