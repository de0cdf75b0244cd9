"""Rules every input from a user passes, in one place: names, file sizes, text, YAML.

- :func:`name_problem`: one rule for every name a user gives (scenario ``name``, sites,
  tenants, members, run ids): a name may become part of a file name, so it can never
  point outside the folder the user chose.
- :func:`read_text_file`: a file read as UTF-8 text, refusing what is too large,
  binary or not UTF-8, before any parser sees it.
- :func:`load_yaml`: YAML with the safe loader, and aliases bounded *before* anything is
  constructed: a "billion laughs" file is refused at once, with little memory.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .errors import FlopgridError, Problem

#: longest name [characters]; run ids add a time stamp and a hash to it
MAX_NAME_LENGTH = 64
#: the run store a command uses unless told otherwise (here, in a light module: the command
#: line reads it at start-up without loading duckdb)
DEFAULT_STORE = Path("runs") / "flopgrid.duckdb"
#: largest scenario, sweep or claims file [bytes]; the packaged dataset is ~100 kB
MAX_YAML_BYTES = 1_000_000
#: largest CSV of hourly series [bytes]: five years of hours with a dozen columns fit
MAX_SERIES_BYTES = 50_000_000
#: most values a YAML document may hold once its aliases are expanded
MAX_YAML_VALUES = 200_000
#: deepest nesting of mappings and lists in a YAML document
MAX_YAML_DEPTH = 64

_SEPARATORS = ("/", "\\", ":")


def name_problem(name: object) -> str | None:
    """Why ``name`` cannot be a name, or None when it can.

    A name is non-empty text of at most :data:`MAX_NAME_LENGTH` characters, without path
    separators (``/``, ``\\``, ``:``), control characters, ``..``, a leading ``.`` or
    ``-``, or spaces at either end.
    """
    if not isinstance(name, str):
        return f"expected text, got {name!r}"
    if not name:
        return "must not be empty"
    if len(name) > MAX_NAME_LENGTH:
        return f"is {len(name)} characters long; at most {MAX_NAME_LENGTH} are allowed"
    bad = [c for c in name if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
    if bad:
        return f"contains the control character {bad[0]!r}"
    seps = [s for s in _SEPARATORS if s in name]
    if seps:
        return f"contains {seps[0]!r}: a name cannot hold a path"
    if ".." in name:
        return "contains '..': a name cannot hold a path"
    if name[0] in ".-":
        return f"must not start with {name[0]!r}"
    if name != name.strip():
        return "must not start or end with a space"
    return None


def check_name(name: str, what: str) -> str:
    """``name`` if it is a valid name, else a :class:`FlopgridError` naming ``what`` it is."""
    problem = name_problem(name)
    if problem:
        raise FlopgridError(f"{what} {name!r} {problem}")
    return name


def check_path_text(path: str | os.PathLike, what: str) -> Path:
    """A path a user gives on the command line (``--out``, ``--store``): the folder the user
    chose, so any folder will do, but not an empty path or one with control characters."""
    text = os.fspath(path)
    if not text.strip():
        raise FlopgridError(f"{what}: an empty path")
    bad = [c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
    if bad:
        raise FlopgridError(f"{what} {text!r}: contains the control character {bad[0]!r}")
    return Path(text)


def check_output_file(path: str | os.PathLike, what: str, example: str = "out.json") -> Path:
    """A file a command will write (``--json``, ``--html``), checked before any work: not a
    folder, in a folder that exists or can be made and takes a new entry."""
    out = check_path_text(path, what)
    if out.is_dir():
        raise FlopgridError(
            f"{what} {out} is a folder; give the file to write, e.g. {what} {out / example}"
        )
    try:
        check_can_create(out)
    except OSError as exc:
        raise FlopgridError(
            f"{what} {out}: cannot write there ({exc.strerror or exc}: {exc.filename}); give a "
            "file in a folder you can write"
        ) from None
    return out


def check_can_create(path: Path) -> None:
    """Raise OSError unless ``path`` could be created: its nearest existing folder takes a
    new entry. Tried for real (a hidden folder made and removed), and nothing is left."""
    parent = Path(path).absolute().parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise NotADirectoryError(20, "Not a directory", str(parent))
    os.rmdir(tempfile.mkdtemp(prefix=".tmp-check.", dir=parent))


class InputError(FlopgridError):
    """A file that cannot be used as input, with every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


ErrorFactory = Callable[[list[Problem]], FlopgridError]


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def read_text_file(
    path: Path | str,
    label: str,
    max_bytes: int,
    error: ErrorFactory,
    what: str = "text",
) -> str:
    """Read ``path`` as UTF-8 text (a leading BOM is dropped).

    Raises ``error([Problem])`` for a missing file, a folder, a file over ``max_bytes``,
    a binary file (NUL bytes) or bytes that are not UTF-8, each naming the file (and the
    line of the first bad byte).
    """
    path = Path(path)

    def fail(message: str, line: int | None = None) -> FlopgridError:
        return error([Problem("", message, label, line)])

    try:
        info = path.stat()
    except FileNotFoundError:
        raise fail("file not found") from None
    except OSError as exc:
        raise fail(f"cannot read the file: {exc.strerror or exc}") from None
    if path.is_dir():
        raise fail(f"is a folder; expected a file of {what}")
    if info.st_size > max_bytes:
        raise fail(f"is {info.st_size:,} bytes; at most {max_bytes:,} are read")
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise fail(f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # grew, or a device that reports no size
        raise fail(f"is more than {max_bytes:,} bytes; at most {max_bytes:,} are read")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise fail(f"is a binary file (a NUL byte); expected {what}", _line_of(data, nul))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8",
            _line_of(data, exc.start),
        ) from None
    return text.removeprefix("\ufeff")


class YamlLimitError(yaml.YAMLError):
    """A YAML document past a limit of :mod:`flopgrid.safety`; ``line`` is 1-based."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.problem = message
        self.line = line


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader with a limit on nesting while composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                mark = self.peek_event().start_mark
                raise YamlLimitError(
                    f"nested deeper than {MAX_YAML_DEPTH} levels", mark.line + 1 if mark else None
                )
            # PyYAML passes None or a key Node as well as an int; types-PyYAML says int only
            return super().compose_node(parent, index)  # type: ignore[arg-type]
        finally:
            self._depth -= 1


def _expanded_size(node: yaml.Node, limit: int) -> int:
    """Values in ``node`` with every alias expanded, counted without expanding anything:
    an alias is the same node object, so each distinct node is sized once."""
    sizes: dict[int, int] = {}
    # iterative post-order walk: the graph of nodes has no cycles (PyYAML refuses them)
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, children_done = stack.pop()
        key = id(current)
        if key in sizes:
            continue
        if isinstance(current, yaml.MappingNode):
            children = [n for pair in current.value for n in pair]
        elif isinstance(current, yaml.SequenceNode):
            children = list(current.value)
        else:
            sizes[key] = 1
            continue
        if children_done:
            total = 1 + sum(sizes[id(c)] for c in children)
            sizes[key] = total
            if total > limit:
                return total
        else:
            stack.append((current, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(node)]


def compose_yaml(text: str) -> yaml.Node | None:
    """The YAML node graph of ``text`` (safe loader, first document only), within limits.

    Raises
    ------
    yaml.YAMLError
        Not YAML, or past a limit (:class:`YamlLimitError`, with the line).
    """
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
    except RecursionError:
        raise YamlLimitError(f"nested deeper than {MAX_YAML_DEPTH} levels", None) from None
    finally:
        loader.dispose()
    if node is not None:
        size = _expanded_size(node, MAX_YAML_VALUES)
        if size > MAX_YAML_VALUES:
            raise YamlLimitError(
                f"its aliases (*name) expand to more than {MAX_YAML_VALUES:,} values; "
                "write the values out or use fewer aliases",
                node.start_mark.line + 1,
            )
    return node


def construct_yaml(node: yaml.Node | None) -> Any:
    """Plain Python data from a node of :func:`compose_yaml`.

    Raises
    ------
    yaml.YAMLError
        A value the safe loader cannot build (an integer of more than 4,300 digits, an
        unhashable key...), as a :class:`YamlLimitError` with the line.
    """
    if node is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    except yaml.YAMLError:
        raise
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        long = _first_long_int(node)
        if long is not None:
            raise YamlLimitError(
                f"a number of {len(long.value):,} digits; at most 4,300 are read",
                long.start_mark.line + 1,
            ) from None
        raise YamlLimitError(f"a value cannot be read: {exc}", None) from None
    finally:
        loader.dispose()


def _first_long_int(node: yaml.Node) -> yaml.ScalarNode | None:
    """The first integer scalar too long for Python to read (its 4,300-digit limit)."""
    stack = [node]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.ScalarNode):
            if current.tag.endswith(":int") and len(current.value) > 4300:
                return current
        elif isinstance(current, yaml.MappingNode):
            stack.extend(n for pair in reversed(current.value) for n in pair[::-1])
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))
    return None


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` within the limits of :func:`compose_yaml`."""
    return construct_yaml(compose_yaml(text))
