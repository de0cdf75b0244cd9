"""Load a scenario: YAML -> extends chain -> overrides -> validated, frozen Scenario.

A scenario ``extends`` the packaged dataset (``default``), a built-in scenario
by name, or another file, and changes only what differs. Mappings merge key by
key; lists and ``by_year`` tables replace; ``null`` removes an inherited entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import Problem, ScenarioError
from ..safety import YamlLimitError, load_yaml
from .dataset import data_dir, load_default
from .errors import describe_validation_errors, in_data
from .references import check_references
from .schema import Scenario
from .yamlio import Lines, read_yaml

#: keys that belong to one file and are never inherited.
_OWN_KEYS = ("name", "title", "description", "extends")
#: mappings that replace rather than merge.
_REPLACE = ("by_year",)


def builtin_dir() -> Path:
    return data_dir() / "scenarios"


def builtin_names() -> list[str]:
    """Names of the built-in seed scenarios."""
    return sorted(p.stem for p in builtin_dir().glob("*.yaml"))


def merge(base: dict, over: dict) -> dict:
    """Deep-merge ``over`` onto ``base`` (new dict; inputs untouched)."""
    out = dict(base)
    for key, value in over.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict) and key not in _REPLACE:
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def _locate(source: str | Path, relative_to: Path | None) -> tuple[str, Path | None]:
    """Identify a scenario reference: ('default', None), ('builtin:x', path) or a file."""
    text = str(source)
    if text == "default":
        return "default", None
    candidate = Path(text)
    if relative_to is not None and not candidate.is_absolute():
        candidate = relative_to / candidate
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        return str(candidate.resolve()), candidate
    builtin = builtin_dir() / f"{text}.yaml"
    if builtin.exists():
        return f"builtin:{text}", builtin
    return str(candidate), candidate


def _label(key: str, path: Path | None) -> str:
    if key.startswith("builtin:"):
        return f"{key.split(':', 1)[1]}.yaml"
    return str(path) if path is not None else key


def _resolve(key: str, path: Path | None, chain: tuple[str, ...]) -> tuple[dict, Lines]:
    if key == "default":
        return load_default()
    assert path is not None
    label = _label(key, path)
    data, lines = read_yaml(path, label)
    _anchor_paths(data, path.parent)
    parent = data.get("extends")
    if parent is None:
        return data, lines
    if not isinstance(parent, str):
        raise ScenarioError(
            [Problem("extends", "expected a scenario name or file path", *lines[("extends",)])]
        )
    parent_key, parent_path = _locate(parent, path.parent)
    if parent_key != "default" and (parent_path is None or not parent_path.exists()):
        hint = f"; built-in scenarios: {', '.join(builtin_names())}"
        raise ScenarioError(
            [
                Problem(
                    "extends",
                    f"no scenario file or built-in scenario named {parent!r}{hint}",
                    *lines[("extends",)],
                )
            ]
        )
    if parent_key in (*chain, key):
        raise ScenarioError(
            [
                Problem(
                    "extends",
                    f"extends cycle: {_cycle((*chain, key, parent_key))}; a scenario cannot "
                    "extend itself, directly or through others",
                    *lines[("extends",)],
                )
            ]
        )
    base, base_lines = _resolve(parent_key, parent_path, (*chain, key))
    base = {k: v for k, v in base.items() if k not in _OWN_KEYS}
    return merge(base, data), {**base_lines, **lines}


#: scenario fields that name a file: a relative path in a scenario file is read from the
#: file's folder (as ``extends`` is), one given with ``--set`` from the working folder
FILE_FIELDS = (("dispatch", "series_csv"),)


def _anchor_paths(data: dict, folder: Path) -> None:
    """Make the relative file paths of one scenario file's ``data`` relative to ``folder``."""
    for section, name in FILE_FIELDS:
        node = data.get(section)
        if not isinstance(node, dict):
            continue
        value = node.get(name)
        if isinstance(value, str) and value and not Path(value).expanduser().is_absolute():
            node[name] = str((folder / value).resolve())


def _cycle(keys: tuple[str, ...]) -> str:
    """``a.yaml -> b.yaml -> a.yaml``: file names, or built-in names as files."""
    return " -> ".join(_label(k, None) if k.startswith("builtin:") else Path(k).name for k in keys)


def _set_path(data: dict, dotted: str, value: object) -> dict:
    parts = dotted.split(".")
    out = merge(data, {})
    node: Any = out  # a mapping, or a list on the way to one of its items
    for i, part in enumerate(parts):
        key: Any = part
        if isinstance(node, list):  # sites.a.build.0=solar_pv: an item of a list
            key = _list_index(node, part, dotted, ".".join(parts[:i]))
        elif part.isdigit() and any(isinstance(k, int) for k in node):
            key = int(part)
        if i == len(parts) - 1:
            if value is not None:
                node[key] = value
            elif isinstance(node, list):
                del node[key]
            else:
                node.pop(key, None)  # as in a file: null removes the entry
            break
        child = node[key] if isinstance(node, list) else node.get(key)
        if child is None and value is None:
            return out  # nothing there to remove
        if child is None:
            child = {}
        elif isinstance(child, dict | list):
            child = type(child)(child)
        else:
            where = ".".join(parts[: i + 1])
            raise ScenarioError(
                [
                    Problem(
                        dotted, f"cannot set inside {where}: it is a value, not a mapping", "--set"
                    )
                ]
            )
        node[key] = child
        node = child
    return out


def _list_index(items: list, part: str, dotted: str, where: str) -> int:
    if part.isdigit() and int(part) < len(items):
        return int(part)
    span = f"0 to {len(items) - 1}" if items else "none: it is empty"
    raise ScenarioError(
        [
            Problem(
                dotted,
                f"{where} is a list of {len(items)} item(s) (indexes {span}), got {part!r}; "
                f"give an index, or the whole list: {where}=[a, b]",
                "--set",
            )
        ]
    )


def apply_overrides(data: dict, overrides: list[str] | tuple[str, ...]) -> dict:
    """Apply ``path=value`` overrides (values parsed as YAML: numbers, lists, maps)."""
    for item in overrides:
        if "=" not in item:
            raise ScenarioError(
                [Problem(item, "expected PATH=VALUE, e.g. discount_rate=0.07", "--set")]
            )
        path, raw = item.split("=", 1)
        path = path.strip()
        if not path or path.startswith(".") or path.endswith(".") or ".." in path:
            raise ScenarioError([Problem(path, "expected a dotted field path", "--set")])
        try:
            value = load_yaml(raw) if raw.strip() else None
        except YamlLimitError as exc:
            raise ScenarioError(
                [Problem(path, f"not usable YAML: {exc.problem}", "--set")]
            ) from None
        except yaml.YAMLError:
            value = raw
        data = _set_path(data, path, value)
    return data


def load_raw(source: str | Path, overrides=()) -> tuple[dict, Lines]:
    """The merged, overridden scenario dict and its line map, not yet validated."""
    key, path = _locate(source, None)
    if key == "default":
        data, lines = load_default()
        data.setdefault("name", "default")
    else:
        if (
            path is not None
            and not path.exists()
            and (path.suffix in (".yaml", ".yml") or len(path.parts) > 1)
        ):
            raise ScenarioError([Problem("", "file not found", str(source))])
        if path is None or not path.exists():
            names = ", ".join(builtin_names())
            raise ScenarioError(
                [
                    Problem(
                        "",
                        f"no scenario file or built-in scenario named {str(source)!r}; "
                        f"built-in scenarios: {names}",
                    )
                ]
            )
        data, lines = _resolve(key, path, ())
        data.setdefault("name", path.stem)
    if overrides:
        before, data = data, apply_overrides(data, overrides)
        for item in overrides:
            loc = tuple(_coerce(p) for p in item.split("=", 1)[0].strip().split("."))
            for n in range(1, len(loc)):  # what --set made (sites.new.country is missing)
                if not in_data(before, loc[:n]):
                    lines[loc[:n]] = ("--set", 0)
            lines[loc] = ("--set", 0)
    return data, lines


def _coerce(part: str):
    return int(part) if part.isdigit() else part


def load_scenario(source: str | Path, overrides=()) -> Scenario:
    """Load, merge, override and validate a scenario.

    Parameters
    ----------
    source
        A built-in scenario name (``flopgrid scenarios list``), ``"default"``, or a
        path to a YAML file.
    overrides
        ``"path=value"`` strings applied after the extends chain.

    Raises
    ------
    ScenarioError
        With every problem found, each naming file, line, field path and expectation.
    """
    data, lines = load_raw(source, overrides)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(describe_validation_errors(exc, data, lines)) from None
    problems = check_references(scenario, lines)
    if problems:
        raise ScenarioError(problems)
    return scenario
