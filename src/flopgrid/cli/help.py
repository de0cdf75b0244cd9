"""Help pages that read plainly at 80 columns.

The command line's Typer apps print click's plain help (``rich_markup_mode=None``), so that
units in square brackets ("Solver limit [s].") print as written instead of being read as
rich markup; value types print as click's words (TEXT, NUMBER, INTEGER, PATH), never
Typer's ``<bool>`` or ``<list[str]>``; and the list of commands gives each command's first
sentence whole instead of cutting it with "...".
"""

from __future__ import annotations

import inspect
import re
from typing import Any

from typer.core import TyperArgument, TyperGroup, TyperOption

#: settings every flopgrid Typer app is made with
PLAIN: dict[str, Any] = {"rich_markup_mode": None}

_WORDS = {"str": "TEXT", "path": "PATH", "float": "NUMBER", "int": "INTEGER", "bool": ""}


def _plain_type(self, ctx: Any) -> str | None:  # ctx: typer's (vendored) click Context
    """A parameter's value type in click's words; an argument's name says enough."""
    if isinstance(self, TyperArgument):
        return None
    label = self.type_descriptor
    if getattr(self, "is_flag", False):
        return None
    kind = "path" if label.is_path else self.bare_type()
    kind = re.sub(r"^list\[(.*)\]$", r"\1", kind)
    if label.is_ranged:
        kind = str(label.ranged_type_name).split()[0]
    return _WORDS.get(kind, kind.upper()) or None


for _cls in (TyperOption, TyperArgument):
    if hasattr(_cls, "display_type"):  # typer >= 0.2x; older typers print click's words
        _cls.display_type = _plain_type  # type: ignore[method-assign,assignment]


def first_sentence(text: str) -> str:
    """The first sentence of a command's help (its first paragraph if it has no full stop)."""
    para = inspect.cleandoc(text or "").split("\n\n")[0].replace("\n", " ")
    m = re.match(r"(.+?\.)(\s|$)", para)
    return m.group(1) if m else para


class WholeHelpGroup(TyperGroup):
    """A group whose command list gives each command's first sentence whole (folded to
    the terminal's width, never cut with "...")."""

    # typer types its Context and HelpFormatter as its own vendored click's classes, which
    # are click's at run time
    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            rows.append((name, cmd.short_help or first_sentence(cmd.help or "")))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
