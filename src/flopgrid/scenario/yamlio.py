"""Safe YAML reading that remembers the line of every key.

Errors found later (by the schema or by reference checks) are reported at the
line where the offending value was written, in the file that wrote it.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, ScenarioError
from ..safety import (
    MAX_YAML_BYTES,
    ErrorFactory,
    InputError,
    YamlLimitError,
    compose_yaml,
    construct_yaml,
    read_text_file,
)

Lines = dict[tuple, tuple[str, int]]


def _key(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    key = loader.construct_object(node, deep=True)
    try:
        hash(key)
    except TypeError:
        return str(key)
    return key


def _walk(loader, node, path: tuple, label: str, lines: Lines, problems: list[Problem]) -> None:
    lines[path] = (label, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = _key(loader, key_node)
            line = key_node.start_mark.line + 1
            if key in seen:
                dotted = ".".join(str(p) for p in (*path, key))
                problems.append(
                    Problem(dotted, f"duplicate key (first given on line {seen[key]})", label, line)
                )
            seen[key] = line
            _walk(loader, value_node, (*path, key), label, lines, problems)
            lines[(*path, key)] = (label, line)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(loader, item, (*path, i), label, lines, problems)


#: the package's own data files: composed by libyaml (10x faster), being no hostile input
PACKAGE_DATA = Path(__file__).resolve().parents[1] / "data"


def parse_yaml(text: str, label: str, trusted: bool = False) -> tuple[dict, Lines]:
    """:func:`_parse_yaml`, remembered for the last few texts (a sweep's worker reads the
    same scenario file for every sample); every call gets its own copy of the data.
    ``trusted`` text (the package's own files) is composed by libyaml, without the limits
    hostile input needs."""
    data, lines = _parse_cached(text, label, trusted)
    return copy.deepcopy(data), dict(lines)


@functools.lru_cache(maxsize=8)
def _parse_cached(text: str, label: str, trusted: bool) -> tuple[dict, Lines]:
    return _parse_yaml(text, label, trusted)


def _compose_trusted(text: str) -> yaml.Node | None:
    return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _parse_yaml(text: str, label: str, trusted: bool = False) -> tuple[dict, Lines]:
    """Parse YAML ``text`` (safe loader only) into a dict and a key -> (file, line) map.

    Aliases are expanded only within :data:`flopgrid.safety.MAX_YAML_VALUES`, and nesting
    is limited, before anything is built.

    Raises
    ------
    ScenarioError
        If the text is not YAML, is past a limit, has duplicate keys, or is not a mapping
        at top level.
    """
    node, data = _compose_checked(text, label, ScenarioError, trusted)
    if node is None:
        raise ScenarioError([Problem("", "the file is empty; expected a scenario mapping", label)])
    if not isinstance(data, dict):
        raise ScenarioError(
            [Problem("", "expected a mapping of scenario fields at the top level", label, 1)]
        )
    return data, _lines_of(node, label, ScenarioError)


def _lines_of(node: Any, label: str, error: ErrorFactory) -> Lines:
    """Each key's (file, line) in a composed document; duplicate keys raise ``error``."""
    lines: Lines = {}
    problems: list[Problem] = []
    _walk(yaml.SafeLoader(""), node, (), label, lines, problems)
    if problems:
        raise error(problems)
    return lines


def _compose_checked(
    text: str, label: str, error: ErrorFactory, trusted: bool = False
) -> tuple[Any, Any]:
    """YAML text composed (node) and constructed (data); broken YAML or a file past a limit
    raises ``error`` with the file's label and line."""
    try:
        node = _compose_trusted(text) if trusted else compose_yaml(text)
        return node, construct_yaml(node)
    except YamlLimitError as exc:
        raise error([Problem("", f"not usable YAML: {exc.problem}", label, exc.line)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise error([Problem("", f"not valid YAML: {reason}", label, line)]) from None


def read_yaml(path: Path, label: str | None = None) -> tuple[dict, Lines]:
    """Read a YAML file of at most :data:`~flopgrid.safety.MAX_YAML_BYTES` UTF-8 text;
    see :func:`parse_yaml`."""
    label = label or str(path)
    text = read_text_file(path, label, MAX_YAML_BYTES, ScenarioError, what="YAML text")
    return parse_yaml(text, label, trusted=Path(path).resolve().is_relative_to(PACKAGE_DATA))


def read_yaml_lines(path: Path | str, label: str | None = None) -> tuple[Any, Lines]:
    """A YAML file of any shape (sweep, cases, claims) as data and a key -> (file, line)
    map; duplicate keys, broken YAML and past-limit files raise :class:`InputError` with
    the file and line."""
    label = label or str(path)
    text = read_text_file(path, label, MAX_YAML_BYTES, InputError, what="YAML text")
    node, data = _compose_checked(text, label, InputError)
    return data, _lines_of(node, label, InputError) if node is not None else {}
