"""`flopgrid data sources` prints each dataset value as it is written in the data: years
whole, numbers in full below a million, lists as their items, flags as YAML writes them."""

from __future__ import annotations

import re

import pytest

from flopgrid.cli.data_cmd import _value_text

from ..helpers import cli


@pytest.mark.parametrize(
    ("path", "value", "text"),
    [
        ("accelerators.GB200.available_from", 2025, "2025"),
        ("accelerators.GB200.available_until", 2026, "2026"),
        ("policy.export_rules.us-2022.from_year", 2022, "2022"),
        ("policy.export_rules.us-2022.until_year", 2030, "2030"),
        ("accelerators.GB200.tflops.bf16", 2500.0, "2,500"),
        ("accelerators.GB200.it_kw", 2.25, "2.25"),
        ("supply.fabs.tsmc-taiwan-n3.wafers_per_year", 240000, "240,000"),  # not a year
        ("supply.fabs.tsmc-taiwan-n3.capex_usd", 20e9, "20 B"),
        ("policy.export_rules.us-2022.active", True, "true"),
        (
            "policy.export_rules.us-2022.classes",
            ["us-advanced", "us-compliant"],
            "us-advanced, us-compliant",
        ),
        ("accelerators.GB200.node", "tsmc-n5", "tsmc-n5"),
    ],
)
def test_value_text(path, value, text) -> None:
    assert _value_text(path, value) == text


def test_data_sources_prints_years_whole(tmp_path, monkeypatch) -> None:
    from rich.console import Console

    from flopgrid.cli import data_cmd

    monkeypatch.chdir(tmp_path)
    # the module's console takes its width when first imported: a wide one, so no path folds
    monkeypatch.setattr(data_cmd, "console", Console(width=200))
    out = cli("data", "sources", "accelerators.GB200").output
    rows = [line for line in out.splitlines() if "GB200.avail" in line]
    assert len(rows) == 2, out  # available_from and available_until
    assert re.search(r"│ +2025 │", rows[0]) and re.search(r"│ +2026 │", rows[1]), rows
    assert not re.search(r"2\.02\d k", out)


#: what a folded path or link may end a line with, its next piece on the next line
_SEPARATORS = "/.-_?&=#,;:+"


def _column_pieces(text: str, header: str) -> list[str]:
    """The lines of one column of a rendered table, top to bottom, blanks left out."""
    lines = text.splitlines()
    names = [c.strip() for c in next(x for x in lines if x.startswith("┃")).split("┃")]
    col = names.index(header)
    cells = (line.split("│")[col].strip() for line in lines if line.startswith("│"))
    return [c for c in cells if c]


def test_data_sources_folds_paths_and_links_only_between_words_or_after_separators(
    monkeypatch,
) -> None:
    from rich.console import Console

    from flopgrid.cli import data_cmd
    from flopgrid.scenario.dataset import load_default
    from flopgrid.scenario.provenance import iter_values

    section = "policy.export_rules.us-2022-10-advanced-computing"
    console = Console(width=80, record=True, color_system=None)
    monkeypatch.setattr(data_cmd, "console", console)
    data_cmd.data_sources(section=section, low=False)
    text = console.export_text()
    assert all(len(line) <= 80 for line in text.splitlines() if "│" in line), text
    values = [v for v in iter_values(load_default()[0]) if v.path.startswith(section)]
    for header, cells in (
        ("path", [v.path for v in values]),
        ("value", [_value_text(v.path, v.value) for v in values]),
        ("source", [v.source for v in values]),
    ):
        whole, pos = " ".join(cells), 0
        for piece in _column_pieces(text, header):  # each line continues the text...
            while whole[pos] == " ":
                pos += 1
            assert whole.startswith(piece, pos), (header, piece, whole[pos : pos + 40])
            pos += len(piece)
            # ...and ends at a space or after a separator: never 'comput|ing'
            end = pos == len(whole) or whole[pos] == " " or whole[pos - 1] in _SEPARATORS
            assert end, (header, piece, whole[pos : pos + 20])
        assert pos == len(whole)
