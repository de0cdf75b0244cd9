"""Sweep files: a sweep's scenario, factors, fixed settings and claims in one YAML file."""

from __future__ import annotations

from pathlib import Path

from ..safety import InputError, read_yaml_file
from .design import DesignError, yaml_value


def load_sweep_file(path: Path) -> dict:
    """A sweep file as options: scenario (resolved relative to the file), vary, set..."""
    data = read_yaml_file(path) or {}
    if not isinstance(data, dict) or "sweep" not in data:
        raise DesignError(f"{path}: not a sweep file (it needs `sweep: 1` and `scenario:`)")
    known = {"sweep", "scenario", "vary", "set", "samples", "seed", "morris", "levels", "claims"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise DesignError(f"{path}: unknown keys {', '.join(unknown)}; known: {', '.join(known)}")
    scenario = data.get("scenario")
    if not scenario or not isinstance(scenario, str):
        raise DesignError(f"{path}: `scenario:` is missing (a scenario name or file)")
    candidate = Path(path).parent / scenario
    if candidate.suffix in (".yaml", ".yml") and candidate.exists():
        scenario = str(candidate.resolve())
    fixed = data.get("set") or []
    if isinstance(fixed, dict):
        fixed = [f"{k}={yaml_value(v)}" for k, v in fixed.items()]
    vary = data.get("vary") or {}
    claims = data.get("claims") or []
    if not isinstance(fixed, list) or not all(isinstance(f, str) for f in fixed):
        raise DesignError(f"{path}: `set:` must be a mapping or a list of PATH=VALUE")
    if not isinstance(vary, dict):
        raise DesignError(f"{path}: `vary:` must be a mapping of PATH: SPEC")
    if not isinstance(claims, list) or not all(isinstance(c, str) for c in claims):
        raise DesignError(f"{path}: `claims:` must be a list of 'TEXT: EXPR'")
    counts = {}
    for key, default in (("samples", 0), ("seed", 0), ("morris", 0), ("levels", 4)):
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DesignError(f"{path}: `{key}:` must be a whole number >= 0, got {value!r}")
        counts[key] = value
    return {"scenario": scenario, "vary": vary, "set": list(fixed), **counts, "claims": claims}


def is_sweep_file(source: str) -> bool:
    path = Path(source)
    if path.suffix not in (".yaml", ".yml") or not path.exists():
        return False
    try:
        data = read_yaml_file(path)
    except InputError:
        return False
    return isinstance(data, dict) and "sweep" in data
