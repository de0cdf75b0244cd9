"""Tables that fit the terminal: columns keep their whole text (ids, numbers) or fold at
word boundaries (prose), and a word longer than its column (a dataset path, a link) after
one of its separators ('.', '/', '-', '_'...); when the terminal is too narrow for all of
them, the least important columns are left out, and the table says which. Never an
ellipsis.

Rich, left to itself, shrinks every column of a wide table and cuts cells with "…"; here
each kept column is given the width its longest unbreakable text needs, so rich has
nothing to cut.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table
from rich.text import Text

#: width of a rich table's borders and padding: 3 per column and 1 more (default box)
_PER_COLUMN = 3
#: longest word a folding column keeps on one line (an override, a name; not a link)
_WHOLE_WORD = 24
#: a piece of a word a column may fold after: up to and including a run of separators
#: ('https://', 'export_rules.', 'us-'), or up to the next percent escape ('%2F')
_SEGMENT = re.compile(r"%?[^\s/.\-_?&=#,;:+%]*[/.\-_?&=#,;:+]*")


@dataclass(frozen=True)
class Col:
    """One column: ``priority`` 0 is never left out, higher numbers go first; ``wrap``
    columns fold at spaces (to no less than ``min_width``), the others keep each line whole."""

    header: str
    justify: str = "left"
    priority: int = 0
    wrap: bool = False
    min_width: int = 14
    style: str | None = None


def _lines(cell: str) -> list[str]:
    return Text.from_markup(cell).plain.split("\n") if cell else [""]


def _segments(cells: Sequence[str]) -> int:
    """The longest piece of text a column cannot fold inside (between two separators)."""
    words = (w for c in cells for line in _lines(c) for w in line.split())
    return max((len(s) for w in words for s in _SEGMENT.findall(w)), default=0)


def _atoms(line: str, width: int) -> list[tuple[int, int]]:
    """The spans of ``line`` a line of ``width`` may break between: its words, and the
    separator pieces of a word longer than ``width`` (cut at ``width`` only when one piece
    is longer still, as a hash with no separator may be)."""
    atoms = []
    for word in re.finditer(r"\S+", line):
        a, b = word.span()
        if b - a <= width:
            atoms.append((a, b))
            continue
        for seg in _SEGMENT.finditer(line, a, b):
            x, y = seg.span()
            while y - x > width:
                atoms.append((x, x + width))
                x += width
            if y > x:
                atoms.append((x, y))
    return atoms


def fold(cell: str, width: int) -> Text:
    """``cell`` (markup) folded to ``width``: at spaces, and inside a longer word only after
    a separator, so a path or a link breaks where a reader expects (never 'comput|ing')."""
    out = []
    for line in Text.from_markup(cell).split("\n", allow_blank=True):
        start: int | None = None
        end = 0
        for a, b in _atoms(line.plain, width):
            if start is None:  # the first line keeps its indent, if it fits
                start, end = (0 if b <= width else a), b
            elif b - start <= width:
                end = b
            else:
                out.append(line[start:end])
                start, end = a, b
        out.append(line[start:end] if start is not None else Text())
    return Text("\n").join(out)


def _header(col: Col) -> int:
    """The longest word of a column's header (headers fold at spaces)."""
    return max((len(w) for w in col.header.split()), default=1)


def _need(col: Col, cells: Sequence[str]) -> int:
    """The width a column cannot do without: its longest header word, and its longest
    line (whole columns) or ``min_width`` (folding ones, unless all their lines are
    shorter)."""
    header = _header(col)
    if col.wrap:  # a word up to _WHOLE_WORD stays whole; a longer one (a link) folds
        longest_line = max((len(line) for c in cells for line in _lines(c)), default=0)
        words = [len(w) for c in cells for line in _lines(c) for w in line.split()]
        word = min(max(words, default=0), _WHOLE_WORD)
        return max(header, min(col.min_width, longest_line), word)
    return max(header, max((len(line) for c in cells for line in _lines(c)), default=0))


def _natural(col: Col, cells: Sequence[str]) -> int:
    """The width a column takes when nothing folds: its header and its longest line."""
    return max([len(col.header)] + [len(line) for c in cells for line in _lines(c)])


def fit_table(
    cols: Sequence[Col],
    rows: Sequence[Sequence[str]],
    width: int,
    title: str | None = None,
) -> tuple[Table, list[str]]:
    """A rich Table of ``rows`` no wider than ``width``, and the headers of the columns
    left out to make it fit (empty when all fit)."""
    needs = [_need(c, [r[i] for r in rows]) for i, c in enumerate(cols)]
    keep = list(range(len(cols)))

    def total() -> int:
        return sum(needs[i] for i in keep) + _PER_COLUMN * len(keep) + 1

    # leave out the least important columns (the rightmost first among equals)
    for i in sorted(keep, key=lambda i: (-cols[i].priority, -i)):
        if total() <= width or cols[i].priority == 0:
            break
        keep.remove(i)
    # a narrow column left out before a wide one may fit again
    for i in sorted(set(range(len(cols))) - set(keep), key=lambda i: (cols[i].priority, i)):
        if total() + needs[i] + _PER_COLUMN <= width:
            keep = sorted([*keep, i])
    # still too wide: the folding columns give up width, the widest first, down to their
    # header and longest separator piece (which then still folds only at separators)
    floors = {
        i: max(_header(cols[i]), min(cols[i].min_width, _segments([r[i] for r in rows])))
        for i in keep
        if cols[i].wrap
    }
    while floors and total() > width:
        widest = max(floors, key=lambda i: needs[i] - floors[i])
        if needs[widest] <= floors[widest]:
            break
        needs[widest] -= 1
    # what is left of the width goes to the columns that would take it, the most
    # important first (their headers and prose then fold less)
    widths = {i: needs[i] for i in keep}
    spare = width - total()
    for i in sorted(keep, key=lambda i: (cols[i].priority, i)):
        more = min(max(spare, 0), _natural(cols[i], [r[i] for r in rows]) - widths[i])
        if more > 0:
            widths[i] += more
            spare -= more
    t = Table(title=title, title_justify="left")
    for i in keep:
        c = cols[i]
        t.add_column(
            c.header,
            justify=c.justify,  # type: ignore[arg-type]
            style=c.style,
            overflow="fold",  # never "…"; headers and prose fold at spaces
            width=widths[i],  # fixed: rich has nothing to shrink, so nothing to cut
        )
    for r in rows:
        t.add_row(*(fold(r[i], widths[i]) if cols[i].wrap else r[i] for i in keep))
    return t, [cols[i].header for i in range(len(cols)) if i not in keep]


def left_out(headers: list[str], width: int) -> str | None:
    """The line that says which columns a narrow terminal left out, or None."""
    if not headers:
        return None
    return (
        f"[dim]left out at {width} columns: {', '.join(headers)} "
        "(a wider terminal shows them)[/dim]"
    )


def print_table(
    console: Console, cols: Sequence[Col], rows: Sequence[Sequence[str]], title: str | None = None
) -> None:
    """Print a table fitted to the console's width, and the line naming the columns it left
    out, if any."""
    t, dropped = fit_table(cols, rows, console.width, title=title)
    console.print(t)
    note = left_out(dropped, console.width)
    if note:
        console.print(note, highlight=False)
