"""Sweep files: a sweep's scenario, factors, fixed settings and claims in one YAML file."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Problem, did_you_mean
from ..safety import InputError
from ..scenario.errors import where
from ..scenario.yamlio import Lines, read_yaml_lines
from .design import DesignError, parse_factor, yaml_value

KNOWN = ("sweep", "scenario", "vary", "set", "samples", "seed", "morris", "levels", "claims")


def read_sweep_file(source: str) -> dict | None:
    """The sweep file ``source`` as options: scenario (resolved relative to the file),
    vary, set, samples, seed, morris, levels, claims; or None when ``source`` is not a
    sweep file (not a YAML file, or one without a top-level ``sweep:`` key). The file is
    read once; one that does not parse counts as a sweep file when such a line is there,
    and then says where it breaks.

    Raises
    ------
    DesignError
        With the file, line and key of what is wrong (InputError for broken YAML)."""
    path = Path(source)
    if path.suffix not in (".yaml", ".yml") or not path.is_file():
        return None
    try:
        data, lines = read_yaml_lines(path)
    except InputError:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        if re.search(r"^sweep\s*:", text, re.M):
            raise
        return None
    if not isinstance(data, dict) or "sweep" not in data:
        return None
    return _options(path, data, lines)


def _options(path: Path, data: dict, lines: Lines) -> dict:
    """The options of sweep file ``path``, parsed as ``data`` (``lines``: where each key
    is), checked."""

    def bad(loc: tuple, message: str) -> DesignError:
        field = ".".join(str(p) for p in loc)
        return DesignError(str(Problem(field, message, *where(loc, lines))))

    if data["sweep"] != 1 or isinstance(data["sweep"], bool):
        raise bad(("sweep",), f"expected 1 (the sweep file format), got {data['sweep']!r}")
    for key in data:
        if key not in KNOWN:
            raise bad((key,), "unknown key" + did_you_mean(key, KNOWN, listing=True))
    scenario = data.get("scenario")
    if not scenario or not isinstance(scenario, str):
        raise bad(("scenario",), "`scenario:` is missing (a scenario name or file)")
    candidate = Path(path).parent / scenario
    if candidate.suffix in (".yaml", ".yml"):
        if not candidate.is_file() and not Path(scenario).is_file():
            raise bad(("scenario",), f"no file {candidate} (read relative to the sweep file)")
        if candidate.is_file():
            scenario = str(candidate.resolve())
    fixed = data.get("set") or []
    if isinstance(fixed, dict):
        fixed = [f"{k}={yaml_value(v)}" for k, v in fixed.items()]
    vary = data.get("vary") or {}
    claims = data.get("claims") or []
    if not isinstance(fixed, list) or not all(isinstance(f, str) for f in fixed):
        raise bad(("set",), "`set:` must be a mapping or a list of PATH=VALUE")
    for i, item in enumerate(fixed):
        if not re.match(r"^\s*[^=\s]+\s*=", item):
            raise bad(("set", i), f"expected PATH=VALUE, e.g. discount_rate=0.07, got {item!r}")
    if not isinstance(vary, dict):
        raise bad(("vary",), "`vary:` must be a mapping of PATH: SPEC")
    for key, spec in vary.items():
        try:
            parse_factor(str(key), spec)
        except DesignError as exc:
            raise bad(("vary", key), str(exc)) from None
    if not isinstance(claims, list) or not all(isinstance(c, str) for c in claims):
        raise bad(("claims",), "`claims:` must be a list of 'TEXT: EXPR'")
    counts = {}
    for key, default in (("samples", 0), ("seed", 0), ("morris", 0), ("levels", 4)):
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise bad((key,), f"`{key}:` must be a whole number >= 0, got {value!r}")
        counts[key] = value
    return {"scenario": scenario, "vary": vary, "set": list(fixed), **counts, "claims": claims}
