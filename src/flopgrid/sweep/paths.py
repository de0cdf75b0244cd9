"""Dotted field paths into a scenario (``sites.abu-dhabi.max_facility_gw``): the value a
path names, and why a path names no field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import did_you_mean


def lookup(data: dict, path: str):
    """The value at a dotted ``path`` of the scenario ``data`` (None where there is none)."""
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        key = int(part) if part.isdigit() and any(isinstance(k, int) for k in node) else part
        node = node.get(key)
    return node


def path_problem(
    data: dict, path: str, allowed_keys: Callable[[type, tuple], list[str]], model: type
) -> str | None:
    """Why ``path`` names no field of the scenario ``data`` (validated as ``model``, whose
    fields at a location ``allowed_keys`` lists), or None."""
    parts = path.split(".")
    if not all(parts):
        return "expected a dotted field path, e.g. sites.abu-dhabi.max_facility_gw"
    node: Any = data
    loc: list[str | int] = []
    for i, part in enumerate(parts):
        key = int(part) if part.isdigit() and any(isinstance(k, int) for k in node) else part
        last = i == len(parts) - 1
        fields = allowed_keys(model, tuple(loc))
        if key not in node and key in fields:  # a field left at its default
            if last:
                return None
            node, loc = {}, [*loc, key]
            continue
        if key not in node:
            if last and not fields:
                return None  # a new entry of a table (a year, a site)
            where = ".".join(map(str, loc)) or "the top level"
            some = "" if fields else f" (it has {', '.join(map(str, list(node)[:8]))})"
            hint = did_you_mean(key, fields or node, otherwise=some)
            return f"the scenario has no {key!r} at {where}{hint}"
        node, loc = node[key], [*loc, key]
        if not last and not isinstance(node, dict):
            return f"{'.'.join(map(str, loc))} is a value, not a mapping"
    return None
