"""What a scenario changes from the scenario it extends: `flopgrid scenarios show --changes`."""

from __future__ import annotations

from pathlib import Path

from ..safety import load_yaml
from .load import _OWN_KEYS, _locate
from .schema import Scenario

#: a field the scenario removes from its parent (printed as YAML null)
REMOVED = None


def parent_of(source: str | Path) -> str | Path:
    """What ``source`` extends: a built-in name, a scenario file, or ``"default"`` (the
    packaged dataset, which extends nothing and is its own parent)."""
    key, path = _locate(source, None)
    if key == "default" or path is None or not path.exists():
        return "default"
    data = load_yaml(path.read_text(encoding="utf-8"))
    parent = data.get("extends") if isinstance(data, dict) else None
    if not isinstance(parent, str) or parent == "default":
        return "default"
    parent_key, parent_path = _locate(parent, path.parent)
    if parent_key.startswith("builtin:"):
        return parent_key.split(":", 1)[1]
    return parent_path if parent_path is not None else parent


def changes(base: dict, new: dict, top: bool = True) -> dict:
    """The part of ``new`` that differs from ``base``: changed and added values (lists
    whole), and removed fields as None; the scenario's own name, title, description and
    extends are left out."""
    out: dict = {}
    for key, value in new.items():
        if top and key in _OWN_KEYS:
            continue
        if key not in base:
            out[key] = value
        elif isinstance(value, dict) and isinstance(base[key], dict):
            inner = changes(base[key], value, top=False)
            if inner:
                out[key] = inner
        elif value != base[key]:
            out[key] = value
    for key in base:
        if key not in new and not (top and key in _OWN_KEYS):
            out[key] = REMOVED
    if top:  # the file format's version is no change; fields in the schema's order
        out.pop("flopgrid", None)
        order = {k: i for i, k in enumerate(Scenario.model_fields)}
        out = dict(sorted(out.items(), key=lambda kv: order.get(kv[0], len(order))))
    return out
